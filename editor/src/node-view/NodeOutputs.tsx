/** What a finished node shows: its images (a frame viewer for batches), values (e.g. similarities) or text. */
import { outputUrl } from '../api/client.ts';
import { FrameViewer } from '../frames/FrameViewer.tsx';
import type { NodeRunState } from '../state/run-status.ts';

export function NodeOutputs({ nodeId, run }: { nodeId: string; run: NodeRunState }) {
  const display = run.display;
  if (!display) return null;
  const images = display.images ?? [];
  return (
    <div className="node-outputs">
      {images.length === 1 && (
        <a href={outputUrl(images[0]!.file)} target="_blank" rel="noreferrer" className="nodrag">
          <img
            className="node-image output-image"
            src={outputUrl(images[0]!.file)}
            alt={`Output ${images[0]!.label ?? images[0]!.file}`}
            width={images[0]!.width}
            height={images[0]!.height}
          />
        </a>
      )}
      {images.length > 1 && <FrameViewer nodeId={nodeId} images={images} />}
      {display.values && display.values.length > 0 && (
        <dl className="node-values">
          {display.values.map((v) => (
            <div key={v.label} className="node-value">
              <dt>{v.label}</dt>
              <dd>{v.value.toFixed(4)}</dd>
            </div>
          ))}
        </dl>
      )}
      {display.text && <pre className="node-text">{display.text}</pre>}
    </div>
  );
}
