import { AppError } from './app-error';

export class GoneError extends AppError {
  constructor(code: string, message: string) {
    super(410, code, message);
  }
}
