import type { ZodError } from 'zod';
import { AppError } from './app-error';

export interface FieldProblem {
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  constructor(problems: FieldProblem[]) {
    super(400, 'validation_failed', 'Some fields are invalid', problems);
  }

  static fromZod(error: ZodError): ValidationError {
    return new ValidationError(error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })));
  }
}
