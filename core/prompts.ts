/** How a prompt field becomes prompts: shared by text.encode (runs them) and validation (counts batch rows). */

/** Splits a prompt field into prompts: one per non-empty line; an empty field is the empty prompt. */
export function splitPrompts(field: string): string[] {
  const lines = field
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.length > 0 ? lines : [''];
}
