import { AppError } from './app-error';

/** Well-formed, but not something the server can act on as sent (a kiosk whose clock is off). */
export class UnprocessableError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(422, code, message, details);
  }
}
