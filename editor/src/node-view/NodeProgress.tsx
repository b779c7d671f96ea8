/** A running node's progress bar and step count, and its live preview (the latest x0 estimate). */
import type { NodeRunState } from '../state/run-status.ts';

export function NodeProgress({ run }: { run: NodeRunState }) {
  const showBar = run.phase === 'running' || (run.phase === 'queued' && run.steps);
  const fraction = run.steps ? (run.step ?? 0) / run.steps : undefined;
  const showPreview = run.preview && !run.display?.images?.length;
  if (!showBar && !showPreview) return null;
  return (
    <div className="node-progress">
      {showBar && (
        <div className="progress-line">
          <div
            className={`progress-bar${fraction === undefined ? ' indeterminate' : ''}`}
            role="progressbar"
            aria-label="Node progress"
            aria-valuemin={0}
            aria-valuemax={run.steps ?? 1}
            aria-valuenow={run.step ?? 0}
          >
            <div className="progress-fill" style={{ width: `${Math.round((fraction ?? 0.3) * 100)}%` }} />
          </div>
          {run.steps ? (
            <span className="progress-steps">
              {run.step ?? 0}/{run.steps}
            </span>
          ) : null}
        </div>
      )}
      {showPreview && (
        <figure className="preview-figure">
          <img
            className="node-image live-preview"
            src={run.preview}
            alt={`Live preview, step ${run.step ?? 0} of ${run.steps ?? '?'}`}
          />
          <figcaption className="muted">
            preview · step {run.step ?? 0}/{run.steps ?? '?'}
          </figcaption>
        </figure>
      )}
    </div>
  );
}
