export { AppError } from './app-error';
export { ConflictError } from './conflict-error';
export { ForbiddenError } from './forbidden-error';
export { GoneError } from './gone-error';
export { NotFoundError } from './not-found-error';
export { RateLimitedError } from './rate-limited-error';
export { UnauthorizedError } from './unauthorized-error';
export { ValidationError } from './validation-error';
