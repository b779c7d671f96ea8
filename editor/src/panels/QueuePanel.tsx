/** The run queue: pause/resume it, reorder and cancel waiting runs, cancel the running one. */
import { errorMessage } from '../../../core/error-message.ts';
import type { RunSummary } from '../../../core/protocol.ts';
import { api } from '../api/client.ts';
import { type RunState, runStore } from '../state/run-status.ts';
import { useStore } from '../state/store.ts';
import { toast } from '../state/toasts.ts';
import { useRuns } from './useRuns.ts';
import { WorkersSection } from './WorkersSection.tsx';

const selectQueue = (s: RunState) => s.queue;
const selectMine = (s: RunState) => s.mine;

async function act(what: Promise<unknown>, refresh: () => void) {
  try {
    await what;
  } catch (err) {
    toast(errorMessage(err), 'error');
  }
  refresh();
}

export function QueuePanel() {
  const { page, error, refresh } = useRuns();
  const queue = useStore(runStore, selectQueue);
  const mine = useStore(runStore, selectMine);
  const items: RunSummary[] = page?.queue ?? [];
  const waiting = items.filter((r) => r.status === 'queued');
  return (
    <section className="side-panel-body" aria-label="Queue">
      <div className="panel-row">
        <h2>Queue</h2>
        <button
          type="button"
          onClick={() => act(queue.paused ? api.resumeQueue() : api.pauseQueue(), refresh)}
        >
          {queue.paused ? 'Resume queue' : 'Pause queue'}
        </button>
      </div>
      {queue.paused && <p className="muted">Paused: the running run finishes, queued runs wait.</p>}
      {error && <p className="node-message error">{error}</p>}
      {items.length === 0 && <p className="muted">Nothing queued.</p>}
      <ol className="run-list">
        {items.map((r) => {
          const at = waiting.indexOf(r);
          return (
            <li key={r.id} className={`run-item status-${r.status}`} data-run-id={r.id}>
              <div className="run-item-main">
                <span className="run-name">{r.name || r.id}</span>
                <span className={`run-status status-${r.status}`}>{r.status}</span>
                {mine.includes(r.id) && <span className="run-mine">this tab</span>}
                <span className="muted run-id" title={r.id}>
                  {at >= 0 ? `#${at + 1} · ` : ''}
                  {r.id.slice(0, 8)}
                </span>
              </div>
              <div className="run-actions">
                {r.status === 'queued' && (
                  <>
                    <button
                      type="button"
                      aria-label={`Move ${r.name || r.id} up`}
                      disabled={at <= 0}
                      onClick={() => act(api.moveRun(r.id, at - 1), refresh)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      aria-label={`Move ${r.name || r.id} down`}
                      disabled={at < 0 || at >= waiting.length - 1}
                      onClick={() => act(api.moveRun(r.id, at + 1), refresh)}
                    >
                      ↓
                    </button>
                  </>
                )}
                <button
                  type="button"
                  aria-label={`Cancel ${r.name || r.id}`}
                  onClick={() => act(api.cancelRun(r.id), refresh)}
                >
                  Cancel
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <WorkersSection />
    </section>
  );
}
