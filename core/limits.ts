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

/** Throws when a node would work on more than MAX_BATCH_ROWS items. */
export function assertBatchRows(rows: number, what: string): void {
  if (rows > MAX_BATCH_ROWS)
    throw new Error(`${what} needs ${rows} batch rows; the limit is ${MAX_BATCH_ROWS}`);
}
