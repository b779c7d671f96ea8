/**
 * JSON with a nesting-depth limit, for every source of JSON (HTTP bodies, workflow files, PNG-embedded
 * workflows, the editor's pasted or dropped files). The text is scanned once, linearly, before JSON.parse,
 * so a 100,000-deep array is refused with the path where it got too deep instead of overflowing a stack
 * in whatever walks the value later (JSON.stringify, structuredClone, zod).
 */
import { MAX_JSON_DEPTH } from './limits.ts';

const utf8 = new TextDecoder();

export interface JsonDepthProblem {
  /** Where the limit was passed, dot-separated ("nodes.0.ui.a.0.0"); "" at the top. */
  path: string;
  message: string;
}

/** The first place `text` nests deeper than `maxDepth` arrays/objects, or null. Does not validate the JSON. */
export function jsonDepthProblem(
  text: string | Uint8Array,
  maxDepth = MAX_JSON_DEPTH,
): JsonDepthProblem | null {
  // Raw UTF-8 bytes scan like the text: every structural character is ASCII, and no byte of a multi-byte
  // character is below 0x80. Scanning the bytes saves a copy of a 2 MB body per request.
  const code: (i: number) => number =
    typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i] as number;
  const slice = (from: number, to: number) =>
    typeof text === 'string' ? text.slice(from, to) : utf8.decode(text.subarray(from, to));
  // One frame per open container: its key (objects) or current index (arrays).
  const keys: (string | number)[] = [];
  const isArray: boolean[] = [];
  // The last string seen (it is the key when a ":" follows): where it starts and ends.
  let last = [0, 0];
  for (let i = 0; i < text.length; i++) {
    const c = code(i);
    if (c === 0x22) {
      // A string: remember it (it may be a key), skipping escapes.
      const start = i + 1;
      for (i = start; i < text.length && code(i) !== 0x22; i++) if (code(i) === 0x5c) i++;
      last = [start, Math.min(i, start + 64)];
    } else if (c === 0x3a) {
      if (keys.length && !isArray[isArray.length - 1]) keys[keys.length - 1] = slice(last[0]!, last[1]!);
    } else if (c === 0x2c) {
      const top = keys.length - 1;
      if (top >= 0 && isArray[top]) keys[top] = (keys[top] as number) + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (keys.length >= maxDepth) {
        const path = keys.map(String).join('.');
        return {
          path,
          message: `${path ? `${path}: ` : ''}JSON nested deeper than ${maxDepth} levels`,
        };
      }
      keys.push(c === 0x5b ? 0 : '');
      isArray.push(c === 0x5b);
    } else if (c === 0x5d || c === 0x7d) {
      keys.pop();
      isArray.pop();
    }
  }
  return null;
}

export class JsonLimitError extends Error {
  override name = 'JsonLimitError';
  constructor(readonly problem: JsonDepthProblem) {
    super(problem.message);
  }
}

/** JSON.parse after the depth check; throws JsonLimitError (too deep) or SyntaxError (not JSON). */
export function parseJsonLimited(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const problem = jsonDepthProblem(text, maxDepth);
  if (problem) throw new JsonLimitError(problem);
  return JSON.parse(text);
}
