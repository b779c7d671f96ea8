/** Export a batch of output frames as an animated PNG (upng-js) or a labelled contact sheet (canvas). */
import * as UPNG from 'upng-js';
import type { DisplayImage } from '../../../core/node-spec.ts';
import { outputUrl } from '../api/client.ts';

async function loadImage(file: string): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = outputUrl(file);
  await img.decode();
  return img;
}

function canvasOf(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas available');
  return ctx;
}

/** All frames drawn at the first frame's size, as RGBA buffers. */
async function rgbaFrames(
  images: DisplayImage[],
): Promise<{ width: number; height: number; frames: ArrayBuffer[] }> {
  const loaded = await Promise.all(images.map((i) => loadImage(i.file)));
  const width = loaded[0]!.naturalWidth;
  const height = loaded[0]!.naturalHeight;
  const ctx = canvasOf(width, height);
  const frames = loaded.map((img) => {
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height).data.buffer.slice(0) as ArrayBuffer;
  });
  return { width, height, frames };
}

export async function framesToApng(images: DisplayImage[], fps: number): Promise<Blob> {
  const { width, height, frames } = await rgbaFrames(images);
  const delay = Math.round(1000 / fps);
  const png = UPNG.encode(
    frames,
    width,
    height,
    0,
    frames.map(() => delay),
  );
  return new Blob([png], { type: 'image/apng' });
}

/** A grid of all frames with each frame's label (t or θ) beneath it. */
export async function framesToContactSheet(images: DisplayImage[]): Promise<Blob> {
  const loaded = await Promise.all(images.map((i) => loadImage(i.file)));
  const w = loaded[0]!.naturalWidth;
  const h = loaded[0]!.naturalHeight;
  const cols = Math.ceil(Math.sqrt(loaded.length));
  const rows = Math.ceil(loaded.length / cols);
  const gap = 8;
  const band = Math.max(18, Math.round(h / 10));
  const ctx = canvasOf(cols * (w + gap) + gap, rows * (h + band + gap) + gap);
  ctx.fillStyle = '#14161b';
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.font = `${Math.round(band * 0.6)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  loaded.forEach((img, i) => {
    const x = gap + (i % cols) * (w + gap);
    const y = gap + Math.floor(i / cols) * (h + band + gap);
    ctx.drawImage(img, x, y, w, h);
    ctx.fillStyle = '#d7dae0';
    ctx.fillText(images[i]!.label ?? `frame ${i + 1}`, x + w / 2, y + h + band / 2);
  });
  return new Promise((resolve, reject) =>
    ctx.canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('could not encode the sheet'))), 'image/png'),
  );
}
