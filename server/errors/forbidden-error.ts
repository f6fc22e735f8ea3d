import { AppError } from './app-error';

export class ForbiddenError extends AppError {
  constructor(code = 'forbidden', message = 'You are not allowed to do this') {
    super(403, code, message);
  }
}
