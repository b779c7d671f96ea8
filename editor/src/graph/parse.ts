/** Reading workflow JSON from files, the clipboard, PNGs and the server: migrate, strict parse, readable errors. */

import { JsonLimitError, parseJsonLimited } from '../../../core/json-depth.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import { parseWorkflow as parseShared } from '../../../core/workflow/validate.ts';

export class WorkflowParseError extends Error {}

export function parseWorkflow(value: unknown): Workflow {
  const { workflow, issues } = parseShared(value);
  if (workflow) return workflow;
  const shown = issues.slice(0, 3).map((i) => i.message);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  throw new WorkflowParseError(`not a valid workflow: ${shown.join('; ')}${more}`);
}

export function parseWorkflowText(text: string): Workflow {
  let value: unknown;
  try {
    value = parseJsonLimited(text);
  } catch (err) {
    throw new WorkflowParseError(err instanceof JsonLimitError ? err.message : 'not JSON');
  }
  return parseWorkflow(value);
}
