/** A value fetched from the server, refetched whenever one of `triggers` changes; stale answers are dropped. */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../core/error-message.ts';

export function useFetched<T>(
  load: () => Promise<T>,
  triggers: readonly (string | number)[],
): { data?: T; error?: string } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const key = triggers.join('\u0000');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the triggers (joined in key) decide a refetch, not load's identity
  useEffect(() => {
    let live = true;
    load()
      .then((value) => {
        if (!live) return;
        setData(value);
        setError(undefined);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [key]);
  return { data, error };
}
