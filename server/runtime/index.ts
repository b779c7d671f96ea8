export { contractMismatch, LoadedBundle } from './bundle.ts';
export { BundleError, readManifest, verifyFiles } from './manifest.ts';
export {
  availableProviders,
  EXECUTION_PROVIDERS,
  type ExecutionProvider,
  ProviderUnavailableError,
  probeProvider,
} from './onnx.ts';
export {
  type BundleEntry,
  DEFAULT_BUNDLE,
  ModelRegistry,
  type RegistryOptions,
  SHIPPED_MODELS_DIR,
} from './registry.ts';
export {
  defaultThreads,
  MAX_THREADS,
  resolveTuning,
  SESSION_DEFAULTS,
  type SessionTuning,
} from './session-options.ts';
