import { AppError } from './app-error';

export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    code = 'too_many_requests',
    message = 'Too many attempts, try again later',
  ) {
    super(429, code, message, { retry_after_seconds: retryAfterSeconds });
  }
}
