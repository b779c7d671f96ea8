/**
 * Workflow migrations: read format and version, then upgrade step by step to the current version.
 * MIGRATIONS[n] turns a version-n document into version n+1; version 1 is current, so the chain is empty.
 */
import type { Issue } from '../protocol.ts';
import { WORKFLOW_FORMAT, WORKFLOW_VERSION } from './schema.ts';

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export function migrate(raw: unknown): { workflow?: unknown; issues: Issue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { issues: [{ message: 'a workflow must be a JSON object' }] };
  const doc = raw as Record<string, unknown>;
  if (doc.format !== WORKFLOW_FORMAT)
    return {
      issues: [{ path: 'format', message: `not a workflow: "format" must be "${WORKFLOW_FORMAT}"` }],
    };
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { issues: [{ path: 'version', message: '"version" must be a whole number from 1' }] };
  if (version > WORKFLOW_VERSION)
    return {
      issues: [
        {
          path: 'version',
          message: `workflow version ${version} is newer than this unclip-studio (reads up to ${WORKFLOW_VERSION}); update it`,
        },
      ],
    };
  let current = doc;
  for (let v = version; v < WORKFLOW_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { issues: [{ path: 'version', message: `no migration from workflow version ${v}` }] };
    current = { ...step(current), version: v + 1 };
  }
  return { workflow: current, issues: [] };
}
