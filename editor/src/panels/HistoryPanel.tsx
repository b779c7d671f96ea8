/** Past runs with thumbnails of their outputs; any run's workflow can be reopened. */
import type { RunSummary } from '../../../core/protocol.ts';
import { outputUrl } from '../api/client.ts';
import { reopenRun } from '../state/documents.ts';
import { useRuns } from './useRuns.ts';

function thumbnails(run: RunSummary): string[] {
  return Object.values(run.outputs ?? {})
    .flatMap((d) => d.images ?? [])
    .slice(0, 4)
    .map((i) => i.file);
}

function when(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function HistoryPanel() {
  const { page, error } = useRuns();
  const runs = page?.history ?? [];
  return (
    <section className="side-panel-body" aria-label="History">
      <h2>History</h2>
      {error && <p className="node-message error">{error}</p>}
      {runs.length === 0 && <p className="muted">No finished runs yet.</p>}
      <ul className="run-list">
        {runs.map((r) => (
          <li key={r.id} className={`run-item status-${r.status}`} data-run-id={r.id}>
            <div className="run-thumbs">
              {thumbnails(r).map((f) => (
                <a key={f} href={outputUrl(f)} target="_blank" rel="noreferrer">
                  <img src={outputUrl(f)} alt={`Output of ${r.name || r.id}`} loading="lazy" />
                </a>
              ))}
            </div>
            <div className="run-item-main">
              <span className="run-name">{r.name || r.id}</span>
              <span className={`run-status status-${r.status}`}>{r.status}</span>
              <span className="muted">{when(r.finishedAt ?? r.createdAt)}</span>
            </div>
            {r.error && <p className="node-message error">{r.error.message}</p>}
            <button
              type="button"
              aria-label={`Open workflow of ${r.name || r.id}`}
              onClick={() => reopenRun(r.id)}
            >
              Open workflow
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
