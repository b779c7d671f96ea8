/**
 * A queued run's stored JSON becomes a ValidatedWorkflow again only through the engine's validate(): it may
 * predate this version (migrated here), or its bundle or input file may be gone since it was queued.
 */
import type { Issue } from '../../core/protocol.ts';
import type { ValidatedWorkflow } from '../../core/workflow/validate.ts';
import { type RunError, runError } from '../store/run-store.ts';
import type { RunExecutor } from './queue.ts';

export type Revalidated = { workflow: ValidatedWorkflow } | { error: RunError };

export async function revalidateStored(
  executor: Pick<RunExecutor, 'validate'>,
  stored: unknown,
): Promise<Revalidated> {
  const { workflow, issues } = await executor.validate(stored);
  if (workflow) return { workflow };
  const message = `the queued workflow is no longer valid: ${issues.map(describeIssue).join('; ')}`;
  return { error: runError(issues[0]?.node, message) };
}

function describeIssue(issue: Issue): string {
  return issue.node ? `${issue.node}: ${issue.message}` : issue.message;
}
