/**
 * A run's outcome as the worker returns it to BullMQ (the job's return value), signed with the worker token
 * like the events: an API server that missed the run's terminal event records the run from this instead.
 */
import { type RunError, type RunOutcome, runError } from '../../store/run-store.ts';
import { sign, verify } from './signing.ts';

export interface RunOutcomeMessage {
  outcome: RunOutcome;
  signature: string;
}

function text(runId: string, outcome: RunOutcome): string {
  return JSON.stringify({ runId, outcome });
}

export function signOutcome(
  token: string,
  runId: string,
  result: {
    status: RunOutcome['status'];
    outputs?: RunOutcome['outputs'];
    files?: string[];
    error?: RunError;
  },
): RunOutcomeMessage {
  const outcome: RunOutcome = { status: result.status };
  if (result.outputs) outcome.outputs = result.outputs;
  if (result.files) outcome.files = result.files;
  if (result.error) outcome.error = runError(result.error.node, result.error.message);
  return { outcome, signature: sign(token, text(runId, outcome), []) };
}

/** The outcome when the signature holds, else undefined. */
export function verifiedOutcome(token: string, runId: string, message: unknown): RunOutcome | undefined {
  const m = message as Partial<RunOutcomeMessage> | null;
  if (!m?.outcome || typeof m.signature !== 'string') return undefined;
  return verify(token, text(runId, m.outcome), [], m.signature) ? m.outcome : undefined;
}
