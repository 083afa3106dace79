import type { RequestHandler } from 'express';
import { HttpError } from '../errors.js';
import { httpError, securityMessages } from './messages.js';

/**
 * Refuses input that could change the meaning of a MongoDB query or pollute prototypes: any key,
 * in a JSON body or a query string, that contains `$` (an operator, also as `a[$ne]` for a nesting
 * query parser) or `.` (a path), or names a member of Object.prototype (`__proto__`,
 * `constructor`, `valueOf`, …) or is `prototype`. Also refuses bodies nested deeper than maxDepth or with more than
 * maxValues values in all. Answers 400 in the error shape, naming the offending field.
 */
export function inputHardening(options: { maxDepth?: number; maxValues?: number; maxQueryLength?: number } = {}): RequestHandler {
  const maxDepth = options.maxDepth ?? 16;
  const maxValues = options.maxValues ?? 5000;
  const maxQueryLength = options.maxQueryLength ?? 2048;
  return (req, _res, next) => {
    const queryAt = req.originalUrl.indexOf('?');
    if (queryAt >= 0 && req.originalUrl.length - queryAt > maxQueryLength) return next(httpError(400, 'tooDeep'));
    const query = req.query as Record<string, unknown>;
    for (const key of Object.keys(query)) {
      if (forbiddenKey(key)) return next(httpError(400, 'forbiddenKey', key));
      const value = query[key];
      if (value !== undefined && typeof value !== 'string' && !Array.isArray(value)) return next(httpError(400, 'invalidValue', key));
    }
    const problem = inspect(req.body, '', 0, { count: 0, maxDepth, maxValues });
    if (problem) return next(problem);
    next();
  };
}

/**
 * The same check for input parsed after this middleware ran (e.g. a JSON field of a multipart
 * form): returns the 400 to throw, or undefined when the value is safe.
 */
export function checkInput(value: unknown, options: { maxDepth?: number; maxValues?: number } = {}): HttpError | undefined {
  return inspect(value, '', 0, { count: 0, maxDepth: options.maxDepth ?? 16, maxValues: options.maxValues ?? 5000 });
}

/** `__proto__`, `constructor`, `valueOf`, …: any member of Object.prototype, and `prototype`. */
export function forbiddenKey(key: string): boolean {
  return key.includes('$') || key.includes('.') || key in Object.prototype || key === 'prototype';
}

function inspect(value: unknown, path: string, depth: number, budget: { count: number; maxDepth: number; maxValues: number }): HttpError | undefined {
  budget.count += 1;
  if (budget.count > budget.maxValues || depth > budget.maxDepth) {
    return new HttpError(400, [{ field: path || null, message: securityMessages.tooDeep }]);
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = inspect(item, `${path}[${index}]`, depth + 1, budget);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (forbiddenKey(key)) return httpError(400, 'forbiddenKey', field);
    const problem = inspect((value as Record<string, unknown>)[key], field, depth + 1, budget);
    if (problem) return problem;
  }
  return undefined;
}

/** API answers carry personal data: no browser or proxy may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
