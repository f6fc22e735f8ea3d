import type { ZodError } from 'zod';
import { AppError } from './app-error';

interface FieldProblem {
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  constructor(problems: FieldProblem[]) {
    super(400, 'validation_failed', 'Some fields are invalid', problems);
  }

  static fromZod(error: ZodError): ValidationError {
    const pathOf = (path: PropertyKey[]) => path.map(String).join('.') || '(root)';
    return new ValidationError(
      error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: 'unknown field' }))
          : [{ path: pathOf(issue.path), message: issue.message }],
      ),
    );
  }
}
