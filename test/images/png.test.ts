import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  asciiJson,
  decodeImage,
  decodePng,
  encodePng,
  ImageFormatError,
  readPngText,
  readPngWorkflow,
} from '../../server/images/index.ts';

function gradient(width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set([(i * 7) & 255, (i * 13) & 255, (i * 29) & 255, 255 - (i & 127)], i * 4);
  }
  return rgba;
}

describe('PNG', () => {
  it('round-trips RGBA pixels exactly, and pngjs reads what we write', () => {
    const image = { width: 37, height: 11, rgba: gradient(37, 11) };
    const bytes = encodePng(image, { alpha: true });
    expect(decodePng(bytes)).toEqual(image);
    expect(new Uint8Array(pngjs.PNG.sync.read(bytes).data)).toEqual(image.rgba);
  });

  it('writes RGB without alpha (alpha read back as 255)', () => {
    const rgba = gradient(5, 4);
    const back = decodePng(encodePng({ width: 5, height: 4, rgba }));
    for (let i = 0; i < 20; i++) {
      expect([...back.rgba.subarray(i * 4, i * 4 + 3)]).toEqual([...rgba.subarray(i * 4, i * 4 + 3)]);
      expect(back.rgba[i * 4 + 3]).toBe(255);
    }
  });

  it('is deterministic: the same pixels and text give the same bytes', () => {
    const image = { width: 16, height: 16, rgba: gradient(16, 16) };
    expect(encodePng(image, { text: { a: 'b' } })).toEqual(encodePng(image, { text: { a: 'b' } }));
  });

  it('embeds a workflow in a tEXt chunk and reads it back, non-Latin-1 prompts included', () => {
    const workflow = {
      format: 'unclip-studio/workflow',
      nodes: [{ params: { prompt: 'ciel ☀ «bleu» 青い' } }],
    };
    const bytes = encodePng(
      { width: 2, height: 2, rgba: gradient(2, 2) },
      { text: { workflow: asciiJsonOf(workflow), 'unclip-studio': '{"runId":"r1"}' } },
    );
    expect(readPngWorkflow(bytes)).toEqual(workflow);
    expect(readPngText(bytes)['unclip-studio']).toBe('{"runId":"r1"}');
    expect(bytes.includes(Buffer.from('tEXtworkflow\0', 'latin1'))).toBe(true);
  });

  it('returns null when there is no workflow chunk and rejects a broken one', () => {
    const plain = encodePng({ width: 1, height: 1, rgba: gradient(1, 1) });
    expect(readPngWorkflow(plain)).toBeNull();
    const broken = encodePng({ width: 1, height: 1, rgba: gradient(1, 1) }, { text: { workflow: '{oops' } });
    expect(() => readPngWorkflow(broken)).toThrow(/not valid JSON/);
  });

  it('refuses images larger than 4096 px on a side before decoding them', () => {
    const wide = encodePng({ width: 4097, height: 1, rgba: new Uint8Array(4097 * 4) });
    expect(() => decodeImage(wide)).toThrow(/4097x1; the largest accepted is 4096x4096/);
  });

  it('refuses files that are neither PNG nor JPEG, and truncated PNGs', () => {
    expect(() => decodeImage(Buffer.from('GIF89a....'))).toThrow(ImageFormatError);
    const bytes = encodePng({ width: 8, height: 8, rgba: gradient(8, 8) });
    expect(() => decodeImage(bytes.subarray(0, 40))).toThrow(/overruns|cannot decode/);
  });
});

function asciiJsonOf(v: unknown): string {
  const s = asciiJson(v);
  expect(/^[\x20-\x7e]*$/.test(s)).toBe(true);
  return s;
}
