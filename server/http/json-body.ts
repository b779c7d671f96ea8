/**
 * The JSON body parser of every API route: at most MAX_JSON_BYTES (413 beyond), and the raw text is scanned
 * for nesting depth before JSON.parse, so a 100,000-deep array is a 400 naming where, not a stack overflow
 * later in a route (JSON.stringify of a stored workflow).
 */
import express, { type RequestHandler } from 'express';
import { jsonDepthProblem } from '../../core/json-depth.ts';
import { MAX_JSON_BYTES } from '../../core/limits.ts';
import { HttpError } from './errors.ts';

export function jsonBody(): RequestHandler {
  return express.json({
    limit: MAX_JSON_BYTES,
    strict: false,
    verify: (_req, _res, buf) => {
      const problem = jsonDepthProblem(buf);
      if (problem)
        throw new HttpError(400, 'request body is nested too deeply', [
          { path: problem.path ? `body.${problem.path}` : 'body', message: `body.${problem.message}` },
        ]);
    },
  });
}
