/** Hard limits on what one node may ask for; enforced by param maxima and by assertBatchRows at run time. */

export const MAX_STEPS = 500;
/** Samples per prompt (prior.sample count). */
export const MAX_COUNT = 16;
/** Prior candidates per item (reranked by cosine to the text). */
export const MAX_CANDIDATES = 8;
/** Frames of an interpolation or text-diff sweep. */
export const MAX_FRAMES = 64;
/** Items one node may produce or sample at once (model calls may double this for guidance). */
export const MAX_BATCH_ROWS = 64;

/** Arrays/objects nested deeper than this are refused when JSON is parsed (any source). */
export const MAX_JSON_DEPTH = 64;
/** A workflow's JSON text is at most this long (the HTTP JSON body limit; PNG text chunks inflate to at most this). */
export const MAX_JSON_BYTES = 2 * 1024 * 1024;

/** Throws when a node would work on more than MAX_BATCH_ROWS items. */
export function assertBatchRows(rows: number, what: string): void {
  if (rows > MAX_BATCH_ROWS)
    throw new Error(`${what} needs ${rows} batch rows; the limit is ${MAX_BATCH_ROWS}`);
}
