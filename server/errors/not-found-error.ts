import { AppError } from './app-error';

export class NotFoundError extends AppError {
  constructor(what = 'Resource', code = 'not_found') {
    super(404, code, `${what} not found`);
  }
}
