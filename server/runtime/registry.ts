/**
 * The installed bundles: every folder with a manifest.json directly inside one of the configured models
 * directories. Bundles load only from there (never from a path a request names), are verified (sizes and
 * sha256) once, and stay loaded until disposed.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../../core/error-message.ts';
import type { BundleManifest } from '../../models/contract.ts';
import { LoadedBundle } from './bundle.ts';
import { BundleError, readManifest, verifyFiles } from './manifest.ts';
import { checkProvider, type ExecutionProvider } from './onnx.ts';
import { resolveTuning, type SessionTuning } from './session-options.ts';

export const SHIPPED_MODELS_DIR = resolve(fileURLToPath(new URL('../../models', import.meta.url)));
export const DEFAULT_BUNDLE = 'shapes-tiny';

export interface BundleEntry {
  name: string;
  dir: string;
  manifest: BundleManifest;
}

export interface RegistryOptions {
  dirs?: string[];
  provider?: ExecutionProvider;
  /** Session tuning; intra-op threads default to the cores available to the process. */
  tuning?: Partial<SessionTuning>;
}

export class ModelRegistry {
  readonly dirs: string[];
  readonly provider: ExecutionProvider;
  /** The tuning every session of every bundle is created with. */
  readonly tuning: SessionTuning;
  private loaded = new Map<string, Promise<LoadedBundle>>();
  private entries: Promise<Map<string, BundleEntry>> | null = null;
  /** Manifests that failed to parse, by folder, so `models` can say why a bundle is missing. */
  readonly problems = new Map<string, string>();

  constructor(opts: RegistryOptions = {}) {
    this.dirs = (opts.dirs?.length ? opts.dirs : [SHIPPED_MODELS_DIR]).map((d) => resolve(d));
    this.provider = opts.provider ?? 'cpu';
    this.tuning = resolveTuning(opts.tuning);
    checkProvider(this.provider);
  }

  /** Re-read the models directories on the next list(). */
  rescan(): void {
    this.entries = null;
  }

  private scan(): Promise<Map<string, BundleEntry>> {
    this.entries ??= (async () => {
      const found = new Map<string, BundleEntry>();
      this.problems.clear();
      for (const root of this.dirs) {
        const children = await readdir(root, { withFileTypes: true }).catch(() => []);
        for (const child of children.sort((a, b) => a.name.localeCompare(b.name))) {
          if (!child.isDirectory() || child.name.startsWith('.')) continue;
          const dir = join(root, child.name);
          try {
            const manifest = await readManifest(dir);
            if (!found.has(manifest.name)) found.set(manifest.name, { name: manifest.name, dir, manifest });
          } catch (err) {
            const message = errorMessage(err);
            if (!message.includes('ENOENT')) this.problems.set(dir, message);
          }
        }
      }
      return found;
    })();
    return this.entries;
  }

  async list(): Promise<BundleEntry[]> {
    return [...(await this.scan()).values()];
  }

  async has(name: string): Promise<boolean> {
    return (await this.scan()).has(name);
  }

  /** The bundle as a ModelHandle; files are verified on first load. */
  load(name: string): Promise<LoadedBundle> {
    let pending = this.loaded.get(name);
    if (!pending) {
      pending = (async () => {
        const entry = (await this.scan()).get(name);
        if (!entry) {
          const known = [...(await this.scan()).keys()].join(', ') || 'none';
          throw new BundleError(`model bundle "${name}" is not installed (installed: ${known})`);
        }
        await verifyFiles(entry.dir, entry.manifest);
        return LoadedBundle.open(entry.dir, entry.manifest, { provider: this.provider, ...this.tuning });
      })();
      pending.catch(() => this.loaded.delete(name));
      this.loaded.set(name, pending);
    }
    return pending;
  }

  async dispose(): Promise<void> {
    const all = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.all(all.map((p) => p.then((b) => b.dispose()).catch(() => undefined)));
  }
}
