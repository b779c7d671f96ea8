/** The one image intake (issue 11): real decoded sizes, pixel and aspect limits, off the event loop. */
import { describe, expect, it } from 'vitest';
import { readPngText, readPngWorkflow } from '../../server/images/index.ts';
import { intakeImage } from '../../server/images/intake.ts';
import { fakeSofJpeg, solidJpeg, solidPng, textBombPng } from '../helpers/image-bombs.ts';

describe('intakeImage', () => {
  it('refuses a JPEG whose first SOF is fake: the size checked is the frame the decoder decodes', async () => {
    await expect(intakeImage(fakeSofJpeg(16000, 16))).rejects.toThrow(
      'JPEG image is 16000x16; the largest accepted is 4096x4096',
    );
    // The same trick around an acceptable frame still decodes to the real size.
    await expect(intakeImage(fakeSofJpeg(40, 30))).resolves.toMatchObject({ width: 40, height: 30 });
  });

  it('refuses extreme aspect ratios (4096x1, 1x4096) before anything resizes them', async () => {
    for (const [w, h] of [
      [4096, 1],
      [1, 4096],
      [1000, 62],
    ] as const)
      await expect(intakeImage(solidPng(w, h))).rejects.toThrow(
        `PNG image is ${w}x${h}; the long side may be at most 16 times the short side`,
      );
    await expect(intakeImage(solidPng(1024, 64))).resolves.toMatchObject({ width: 1024, height: 64 });
    await expect(intakeImage(solidJpeg(64, 48))).resolves.toMatchObject({ width: 64, height: 48 });
  });

  it('refuses what is not a PNG or JPEG, and garbage after a valid signature, as format errors', async () => {
    await expect(intakeImage(Buffer.from('GIF89a....'))).rejects.toThrow(/only PNG and JPEG/);
    const png = solidPng(8, 8);
    await expect(intakeImage(png.subarray(0, 40))).rejects.toMatchObject({ name: 'ImageFormatError' });
  });

  it('decodes in a worker: timers keep firing while a 2048x2048 PNG decodes', async () => {
    const big = solidPng(2048, 2048);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const decoding = intakeImage(big);
    await decoding;
    clearInterval(timer);
    expect((await decoding).rgba.length).toBe(2048 * 2048 * 4);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('PNG text chunks inflate with a size limit', () => {
  it('stops a zTXt or iTXt bomb at the JSON body limit instead of inflating it all', () => {
    for (const type of ['zTXt', 'iTXt'] as const) {
      const bomb = textBombPng(20 * 1024 * 1024, type);
      expect(bomb.length).toBeLessThan(100_000);
      expect(() => readPngText(bomb)).toThrow(/"workflow" inflates to more than 2097152 bytes/);
    }
    expect(readPngText(textBombPng(1000)).workflow).toBe(' '.repeat(1000));
  });

  it('refuses an embedded workflow nested too deeply, naming where', () => {
    const png = solidPng(2, 2, { workflow: `{"nodes":${'['.repeat(200)}${']'.repeat(200)}}` });
    expect(() => readPngWorkflow(png)).toThrow(/nodes\.0\.0.*nested deeper than 64 levels/);
  });
});
