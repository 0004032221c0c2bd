import type { z } from 'zod';
import { validationFailed } from '../../core/errors.js';

/** Parses a body, query or params object with a zod schema, or throws a 400 naming each problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw validationFailed(
      'The request is not valid.',
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return result.data;
}
