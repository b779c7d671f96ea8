/** Broken bundles and bad feeds are refused with errors that name the file or the input. */

import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { float32 } from '../../nodes/tensor.ts';
import { ModelRegistry } from '../../server/runtime/index.ts';
import { BUNDLE_DIR } from '../helpers/fixtures.ts';

const scratch = mkdtempSync(join(tmpdir(), 'unclip-bundles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface ManifestJson {
  name: string;
  files: Record<string, { sha256: string; bytes: number }>;
  stages: { prior: { clip_mean: number[] } };
}

/** A copy of the shipped bundle under a new name, with `edit` applied to its folder and manifest. */
function brokenCopy(name: string, edit: (dir: string, manifest: ManifestJson) => void): ModelRegistry {
  const root = join(scratch, name);
  const dir = join(root, name);
  cpSync(BUNDLE_DIR, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestJson;
  manifest.name = name;
  edit(dir, manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return new ModelRegistry({ dirs: [root] });
}

function rehash(dir: string, manifest: ManifestJson, file: string) {
  const bytes = readFileSync(join(dir, file));
  manifest.files[file] = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

describe('bundle refusals', () => {
  it('a missing file is named', async () => {
    const reg = brokenCopy('missing-file', (dir) => rmSync(join(dir, 'upsampler2.onnx')));
    await expect(reg.load('missing-file')).rejects.toThrow(/file "upsampler2\.onnx" is missing/);
  });

  it('a wrong hash is named', async () => {
    const reg = brokenCopy('wrong-hash', (_dir, m) => {
      m.files['pca.json'] = { sha256: '0'.repeat(64), bytes: m.files['pca.json']?.bytes ?? 0 };
    });
    await expect(reg.load('wrong-hash')).rejects.toThrow(
      /file "pca\.json" has sha256 [0-9a-f]{64}, the manifest says 0{64}/,
    );
  });

  it('a graph with the wrong input names is refused naming the input', async () => {
    const reg = brokenCopy('wrong-input', (dir, m) => {
      cpSync(join(dir, 'decoder.onnx'), join(dir, 'prior.onnx'));
      rehash(dir, m, 'prior.onnx');
    });
    const bundle = await reg.load('wrong-input');
    await expect(bundle.run('prior', {})).rejects.toThrow(
      /wrong-input\/prior\.onnx: unexpected input "image_embeds"/,
    );
    await reg.dispose();
  });

  it('an invalid manifest is reported with the field', async () => {
    const reg = brokenCopy('bad-manifest', (_dir, m) => {
      m.stages.prior.clip_mean = [1, 2];
    });
    expect(await reg.has('bad-manifest')).toBe(false);
    expect([...reg.problems.values()].join('\n')).toMatch(/stages\.prior\.clip_mean: must have \d+ values/);
  });

  it('an unknown bundle lists the installed ones', async () => {
    const reg = new ModelRegistry();
    await expect(reg.load('nope')).rejects.toThrow(/"nope" is not installed \(installed: .*shapes-tiny/);
  });
});

describe('feed checks', () => {
  const reg = new ModelRegistry();
  afterAll(() => reg.dispose());

  it('a missing input is named', async () => {
    const bundle = await reg.load('shapes-tiny');
    const D = bundle.manifest.dims.embedding;
    await expect(bundle.run('prior', { sample: float32([1, D]) })).rejects.toThrow(
      /prior\.onnx: missing input "timestep"/,
    );
  });

  it('a wrong dtype and a wrong rank are named', async () => {
    const bundle = await reg.load('shapes-tiny');
    const ids = bundle.tokenize(['a red circle']).ids;
    await expect(bundle.run('clip_text', { input_ids: float32(ids.dims) })).rejects.toThrow(
      /input "input_ids" must be int64, got float32/,
    );
    const S = bundle.manifest.stages.clip_image.image_size;
    await expect(bundle.run('clip_image', { pixel_values: float32([3, S, S]) })).rejects.toThrow(
      /input "pixel_values" must have rank 4/,
    );
  });

  it('an unavailable execution provider is refused with a clear message', () => {
    expect(() => new ModelRegistry({ provider: 'cuda' })).toThrow(
      /execution provider "cuda" is not available/,
    );
  });
});
