import { useCallback, useEffect, useRef, useState } from 'react';
import type { Failure, Result } from '../api/result.js';

export type Loaded<T> =
  | { status: 'loading'; data?: undefined; failure?: undefined }
  | { status: 'ready'; data: T; failure?: undefined }
  | { status: 'failed'; data?: undefined; failure: Failure };

/**
 * Runs `load` now and whenever `key` changes; `reload()` runs it again, keeping what is
 * shown until the answer arrives. An answer to an older run is dropped.
 */
export function useLoad<T>(load: () => Promise<Result<T>>, key: string) {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const run = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  const reload = useCallback(async () => {
    const mine = ++run.current;
    const result = await latest.current();
    if (mine !== run.current) return;
    setState(
      result.ok ? { status: 'ready', data: result.data } : { status: 'failed', failure: result },
    );
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `load` loads
  useEffect(() => {
    setState({ status: 'loading' });
    void reload();
    return () => {
      run.current++;
    };
  }, [key, reload]);
  const update = useCallback(
    (change: (data: T) => T) =>
      setState((old) =>
        old.status === 'ready' ? { status: 'ready', data: change(old.data) } : old,
      ),
    [],
  );
  return { ...state, reload, update };
}
