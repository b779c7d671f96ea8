/** Run records in SQLite: the queue (status 'queued', ordered by position), the running run and the history. */
import type { NodeDisplay } from '../../core/node-spec.ts';
import type { RunDetail, RunStatus, RunSummary } from '../../core/protocol.ts';
import type { Workflow } from '../../core/workflow/schema.ts';
import type { ValidatedWorkflow } from '../../core/workflow/validate.ts';
import type { Db } from './database.ts';

interface RunRow {
  id: string;
  name: string;
  workflow: string;
  status: RunStatus;
  position: number | null;
  client_id: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  outputs: string | null;
  files: string | null;
  error: string | null;
}

export interface RunOutcome {
  status: Extract<RunStatus, 'done' | 'error' | 'cancelled' | 'interrupted'>;
  outputs?: Record<string, NodeDisplay>;
  files?: string[];
  error?: RunError;
}

export type RunError = { node?: string; message: string };

/** A run's error, naming the node only when there is one (no `node: undefined` in stored JSON). */
export function runError(node: string | undefined, message: string): RunError {
  return node ? { node, message } : { message };
}

const SUMMARY_COLUMNS =
  'id, name, status, position, client_id, created_at, started_at, finished_at, outputs, files, error';
const FINISHED = "status IN ('done','error','cancelled','interrupted')";

export class RunStore {
  constructor(private readonly db: Db) {}

  /** Stores the workflow as validated: migrated to the current version, every param resolved. */
  insertQueued(run: { id: string; workflow: ValidatedWorkflow; clientId?: string }): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, name, workflow, status, position, client_id, created_at)
         VALUES (?, ?, ?, 'queued', (SELECT COALESCE(MAX(position), -1) + 1 FROM runs WHERE status = 'queued'), ?, ?)`,
      )
      .run(run.id, run.workflow.name, JSON.stringify(run.workflow), run.clientId ?? null, now());
  }

  get(id: string): RunDetail | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) return undefined;
    // For showing and reopening: a run that executes validates this JSON again (sqlite-queue.ts).
    const detail: RunDetail = { ...toSummary(row), workflow: JSON.parse(row.workflow) as Workflow };
    if (row.status === 'queued') detail.position = this.queuedIds().indexOf(id);
    return detail;
  }

  clientIdOf(id: string): string | undefined {
    const row = this.db.prepare('SELECT client_id FROM runs WHERE id = ?').get(id) as
      | { client_id: string | null }
      | undefined;
    return row?.client_id ?? undefined;
  }

  /** Queued run ids, next first. */
  queuedIds(): string[] {
    const rows = this.db
      .prepare("SELECT id FROM runs WHERE status = 'queued' ORDER BY position, seq")
      .all() as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The running run first, then the queued runs in order (position renumbered 0..n-1 for display). */
  activeSummaries(): RunSummary[] {
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM runs WHERE status IN ('running','queued')
         ORDER BY status = 'queued', position, seq`,
      )
      .all() as RunRow[];
    let position = 0;
    return rows.map((r) =>
      r.status === 'queued' ? { ...toSummary(r), position: position++ } : toSummary(r),
    );
  }

  /** Finished runs, most recently finished first. */
  history(offset: number, limit: number): { runs: RunSummary[]; total: number } {
    const runs = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM runs WHERE ${FINISHED} ORDER BY finished_at DESC, seq DESC LIMIT ? OFFSET ?`,
      )
      .all(limit, offset) as RunRow[];
    const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE ${FINISHED}`).get() as { n: number };
    return { runs: runs.map(toSummary), total: n };
  }

  /** Claim a queued run for execution; false when it is no longer queued (cancelled meanwhile). */
  markRunning(id: string): boolean {
    const info = this.db
      .prepare(
        "UPDATE runs SET status = 'running', position = NULL, started_at = ? WHERE id = ? AND status = 'queued'",
      )
      .run(now(), id);
    return info.changes === 1;
  }

  /** Record how a running or queued run ended; false when it had already ended. */
  finish(id: string, outcome: RunOutcome): boolean {
    const info = this.db
      .prepare(
        `UPDATE runs SET status = ?, position = NULL, finished_at = ?, outputs = ?, files = ?, error = ?
         WHERE id = ? AND status IN ('queued','running')`,
      )
      .run(
        outcome.status,
        now(),
        outcome.outputs ? JSON.stringify(outcome.outputs) : null,
        outcome.files ? JSON.stringify(outcome.files) : null,
        outcome.error ? JSON.stringify(outcome.error) : null,
        id,
      );
    return info.changes === 1;
  }

  /** Outputs a run produced before it stopped (the terminal event that recorded it carries none). */
  attachOutputs(id: string, outputs: Record<string, NodeDisplay>, files: string[]): void {
    this.db
      .prepare('UPDATE runs SET outputs = ?, files = ? WHERE id = ?')
      .run(JSON.stringify(outputs), JSON.stringify(files), id);
  }

  /** Adds one written file to a run's record as soon as it exists on disk. */
  appendFile(id: string, file: string): void {
    this.db
      .prepare("UPDATE runs SET files = json_insert(COALESCE(files, '[]'), '$[#]', ?) WHERE id = ?")
      .run(file, id);
  }

  /** After a crash: runs left 'running' become 'interrupted'. Returns their ids. */
  interruptStaleRuns(): string[] {
    const rows = this.db.prepare("SELECT id FROM runs WHERE status = 'running'").all() as { id: string }[];
    this.db
      .prepare(`UPDATE runs SET status = 'interrupted', finished_at = ?, error = ? WHERE status = 'running'`)
      .run(now(), JSON.stringify({ message: 'the server stopped while this run was executing' }));
    return rows.map((r) => r.id);
  }

  /** Move a queued run to `position` (0 = next, clamped); returns the new position or null if not queued. */
  move(id: string, position: number): number | null {
    return this.db.transaction(() => {
      const ids = this.queuedIds();
      const from = ids.indexOf(id);
      if (from < 0) return null;
      ids.splice(from, 1);
      const to = Math.max(0, Math.min(position, ids.length));
      ids.splice(to, 0, id);
      const update = this.db.prepare('UPDATE runs SET position = ? WHERE id = ?');
      for (const [index, runId] of ids.entries()) update.run(index, runId);
      return to;
    })();
  }
}

function toSummary(r: RunRow): RunSummary {
  const summary: RunSummary = { id: r.id, name: r.name, status: r.status, createdAt: r.created_at };
  if (r.position !== null) summary.position = r.position;
  if (r.client_id) summary.clientId = r.client_id;
  if (r.started_at) summary.startedAt = r.started_at;
  if (r.finished_at) summary.finishedAt = r.finished_at;
  if (r.error) summary.error = JSON.parse(r.error);
  if (r.outputs) summary.outputs = JSON.parse(r.outputs);
  if (r.files) summary.files = JSON.parse(r.files);
  return summary;
}

function now(): string {
  return new Date().toISOString();
}
