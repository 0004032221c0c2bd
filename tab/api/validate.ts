import type { z } from 'zod';
import type { Request } from 'express';
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

/** A report route answers CSV when `?format=csv`, or when no format is named and the client asks for text/csv. */
export function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  return format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
}
