/** The server's run list (queue and history), refetched whenever a run finishes or the queue changes. */
import { useState } from 'react';
import type { RunsPage } from '../../../core/protocol.ts';
import { api } from '../api/client.ts';
import { useFetched } from '../api/useFetched.ts';
import { type RunState, runStore } from '../state/run-status.ts';
import { useStore } from '../state/store.ts';

const selectEpoch = (s: RunState) => s.epoch;

export function useRuns(): { page?: RunsPage; error?: string; refresh(): void } {
  const epoch = useStore(runStore, selectEpoch);
  const [nonce, setNonce] = useState(0);
  const { data: page, error } = useFetched(() => api.runs(0, 40), [epoch, nonce]);
  return { page, error, refresh: () => setNonce((n) => n + 1) };
}
