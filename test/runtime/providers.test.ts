/** Execution providers that cannot start are refused with the reason, never a crash or an ORT stack text. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableProviders, ModelRegistry, probeProvider } from '../../server/runtime/index.ts';
import { ortReason } from '../../server/runtime/onnx.ts';
import { BUNDLE_DIR } from '../helpers/fixtures.ts';

const CLIP_TEXT = join(BUNDLE_DIR, 'clip_text.onnx');
const webgpuReason = await probeProvider('webgpu', CLIP_TEXT);

describe('execution providers', () => {
  it('cpu always starts', async () => {
    expect(await probeProvider('cpu', CLIP_TEXT)).toBeNull();
  });

  it.runIf(!availableProviders().includes('cuda'))(
    'cuda without its binaries is refused with how to install them',
    async () => {
      const reason = await probeProvider('cuda', CLIP_TEXT);
      expect(reason).toContain('execution provider "cuda" is not available');
      expect(reason).toContain('npm rebuild onnxruntime-node');
    },
  );

  it("ORT's assertion text is cut down to the reason", () => {
    const raw =
      '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters\n';
    expect(ortReason(raw)).toBe('Failed to get a WebGPU adapter: No supported adapters');
    expect(ortReason('plain message')).toBe('plain message');
  });

  it.runIf(webgpuReason !== null)(
    'webgpu without an adapter: a stage load names the file, the provider and the reason',
    async () => {
      expect(webgpuReason).not.toMatch(/onnxruntime_src|::/);
      const registry = new ModelRegistry({ provider: 'webgpu' });
      try {
        const bundle = await registry.load('shapes-tiny');
        await expect(bundle.stage('clip_text')).rejects.toThrow(
          `shapes-tiny/clip_text.onnx: onnxruntime could not load the model on webgpu (${webgpuReason})`,
        );
      } finally {
        await registry.dispose();
      }
    },
  );
});
