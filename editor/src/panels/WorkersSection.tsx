/**
 * The Queue panel's Workers section: who executes runs (GET /api/workers), what each is running and when it
 * last said it was alive. Refetched when the queue changes and every few seconds, so a worker that stops
 * heartbeating drops off the list.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useFetched } from '../api/useFetched.ts';
import { type RunState, runStore } from '../state/run-status.ts';
import { useStore } from '../state/store.ts';

const REFRESH_MS = 5000;
const selectEpoch = (s: RunState) => s.epoch;

function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return seconds < 1 ? 'just now' : `${seconds} s ago`;
}

export function WorkersSection() {
  const epoch = useStore(runStore, selectEpoch);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const { data, error } = useFetched(() => api.workers(), [epoch, tick]);
  const workers = data?.workers;
  const now = Date.now();
  return (
    <section aria-label="Workers" className="workers-section">
      <h3>Workers</h3>
      {error && <p className="node-message error">{error}</p>}
      {workers?.length === 0 && <p className="muted">No worker is running: queued runs wait for one.</p>}
      <ul className="run-list">
        {workers?.map((w) => (
          <li key={w.id} className="worker-item" data-worker-id={w.id}>
            <div className="worker-item-main">
              <span className="run-name" title={w.id}>
                {w.host}
              </span>
              <span className={`run-status status-${w.run ? 'running' : 'done'}`}>
                {w.run ? `running ${w.run.slice(0, 8)}` : 'idle'}
              </span>
            </div>
            <span className="muted">
              {w.provider} · {w.threads} thread{w.threads === 1 ? '' : 's'}
              {w.concurrency > 1 ? ` · ${w.concurrency} at once` : ''} · seen {ago(w.lastHeartbeat, now)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
