/** The server's run list (queue and history), refetched whenever a run finishes or the queue changes. */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../core/error-message.ts';
import type { RunsPage } from '../../../core/protocol.ts';
import { api } from '../api/client.ts';
import { type RunState, runStore } from '../state/run-status.ts';
import { useStore } from '../state/store.ts';

const selectEpoch = (s: RunState) => s.epoch;

export function useRuns(): { page?: RunsPage; error?: string; refresh(): void } {
  const epoch = useStore(runStore, selectEpoch);
  const [page, setPage] = useState<RunsPage>();
  const [error, setError] = useState<string>();
  const [nonce, setNonce] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: epoch and nonce are refetch triggers
  useEffect(() => {
    let live = true;
    api
      .runs(0, 40)
      .then((p) => {
        if (!live) return;
        setPage(p);
        setError(undefined);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [epoch, nonce]);
  return { page, error, refresh: () => setNonce((n) => n + 1) };
}
