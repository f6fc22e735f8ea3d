import { AppError } from './app-error';

export class UnauthorizedError extends AppError {
  constructor(code = 'unauthorized', message = 'Authentication required') {
    super(401, code, message);
  }
}
