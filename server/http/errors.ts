/**
 * The one error handler: every failure answers JSON {error, issues?}. Expected failures are HttpErrors with a
 * message written for the user; anything else is logged here and answered with a generic 500, never a stack.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import type { ApiError, Issue } from '../../core/protocol.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }
}

/** zod issues as protocol issues, the path joined with dots ("body.position"). */
export function zodIssues(error: z.ZodError, prefix: string): Issue[] {
  return error.issues.map((i) => ({
    message: i.message,
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
  }));
}

/** Parse a request part with zod or throw a 400 naming each bad field. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, `invalid ${what}`, zodIssues(parsed.error, what));
  return parsed.data;
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `no API route ${req.method} ${req.path}`));
};

/** body-parser's errors carry a `type` and a client status; map the ones users meet to clear messages. */
function fromBodyParser(err: { type?: string; status?: number; limit?: number }): HttpError | null {
  switch (err.type) {
    case 'entity.too.large':
      return new HttpError(413, `request body too large (limit ${err.limit} bytes)`);
    case 'entity.parse.failed':
      return new HttpError(400, 'request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported body encoding');
    case 'request.aborted':
      return new HttpError(400, 'request aborted');
    default:
      return err.status && err.status >= 400 && err.status < 500
        ? new HttpError(err.status, 'bad request')
        : null;
  }
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = err instanceof HttpError ? err : fromBodyParser(err ?? {});
  if (!known) console.error(`${req.method} ${req.originalUrl} failed:`, err);
  const status = known?.status ?? 500;
  const body: ApiError = { error: known?.message ?? 'internal server error' };
  if (known?.issues?.length) body.issues = known.issues;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status).json(body);
};
