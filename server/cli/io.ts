/** Where a CLI command writes and what it knows of its surroundings; tests pass their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: draw a progress bar. */
  tty: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Aborted on SIGINT/SIGTERM by the process entry point. */
  signal?: AbortSignal;
}

export function processIO(signal?: AbortSignal): CliIO {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    tty: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
    ...(signal ? { signal } : {}),
  };
}

/** Resolves once io.signal aborts (SIGINT/SIGTERM); at once without a signal. For serve and worker. */
export function untilInterrupted(io: CliIO): Promise<void> {
  return new Promise((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Exit codes: 0 success, 1 invalid input (usage, workflow issues), 2 the run failed, 130 cancelled. */
export const EXIT = { ok: 0, invalid: 1, runError: 2, cancelled: 130 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}
