/** A batch of output images as frames: slider (arrow keys step), previous/next, play at a chosen fps, exports. */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../core/error-message.ts';
import type { DisplayImage } from '../../../core/node-spec.ts';
import { outputUrl } from '../api/client.ts';
import { downloadBlob, safeFileName } from '../files/download.ts';
import { nodeTitle } from '../state/catalog.ts';
import { graphStore } from '../state/document-store.ts';
import { toast } from '../state/toasts.ts';
import { framesToApng, framesToContactSheet } from './exportFrames.ts';

const FPS_CHOICES = [2, 4, 8, 12, 24];

/** "Interpolate-prompts-Save-Image-sheet.png": the workflow's name and the node's title, not just its id. */
function exportName(nodeId: string, suffix: string): string {
  const { meta, nodes } = graphStore.get();
  return `${safeFileName(meta.name || 'untitled')}-${safeFileName(nodeTitle(nodes, nodeId))}-${suffix}.png`;
}

export function FrameViewer({ nodeId, images }: { nodeId: string; images: DisplayImage[] }) {
  const count = images.length;
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [fps, setFps] = useState(8);
  const [exporting, setExporting] = useState(false);
  const frame = images[Math.min(index, count - 1)]!;
  const step = (delta: number) => setIndex((i) => (i + delta + count) % count);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), 1000 / fps);
    return () => clearInterval(timer);
  }, [playing, fps, count]);

  const exportWith = async (make: () => Promise<Blob>, suffix: string) => {
    setExporting(true);
    try {
      downloadBlob(await make(), exportName(nodeId, suffix));
    } catch (err) {
      toast(`Export failed: ${errorMessage(err)}`, 'error');
    } finally {
      setExporting(false);
    }
  };

  return (
    <fieldset className="frame-viewer nodrag">
      <legend className="visually-hidden">Frames</legend>
      <img
        className="node-image output-image"
        src={outputUrl(frame.file)}
        alt={`Frame ${index + 1}: ${frame.label ?? frame.file}`}
      />
      <div className="frame-caption">
        <span className="frame-label" data-testid="frame-label">
          {frame.label ?? `frame ${index + 1}`}
        </span>
        <span className="frame-count">
          {index + 1}/{count}
        </span>
      </div>
      <input
        type="range"
        className="frame-slider"
        title="Arrow keys step through the frames"
        aria-label="Frame"
        min={0}
        max={count - 1}
        value={index}
        onChange={(e) => setIndex(Number(e.target.value))}
      />
      <div className="frame-controls">
        <button type="button" aria-label="Previous frame" title="Previous frame (←)" onClick={() => step(-1)}>
          <span aria-hidden="true">◀</span> Prev
        </button>
        <button
          type="button"
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause' : 'Play the frames'}
          onClick={() => setPlaying((p) => !p)}
        >
          <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" aria-label="Next frame" title="Next frame (→)" onClick={() => step(1)}>
          Next <span aria-hidden="true">▶</span>
        </button>
        <select aria-label="Frames per second" value={fps} onChange={(e) => setFps(Number(e.target.value))}>
          {FPS_CHOICES.map((f) => (
            <option key={f} value={f}>
              {f} fps
            </option>
          ))}
        </select>
      </div>
      <div className="frame-controls">
        <button
          type="button"
          disabled={exporting}
          onClick={() => exportWith(() => framesToApng(images, fps), 'animation')}
        >
          Export APNG
        </button>
        <button
          type="button"
          disabled={exporting}
          onClick={() => exportWith(() => framesToContactSheet(images), 'sheet')}
        >
          Contact sheet
        </button>
      </div>
    </fieldset>
  );
}
