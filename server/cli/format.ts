/** Human-readable lines for issues and durations. */
import type { Issue } from '../../core/protocol.ts';

/** `node "decoder" param "steps": must be at most 1000` */
export function formatIssue(issue: Issue): string {
  const where = [
    issue.node !== undefined ? `node "${issue.node}"` : '',
    issue.port !== undefined ? `port "${issue.port}"` : '',
    issue.param !== undefined ? `param "${issue.param}"` : '',
    issue.edge !== undefined ? `edge #${issue.edge}` : '',
    issue.path !== undefined && issue.node === undefined ? `at ${issue.path}` : '',
  ].filter(Boolean);
  return where.length ? `${where.join(' ')}: ${issue.message}` : issue.message;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
