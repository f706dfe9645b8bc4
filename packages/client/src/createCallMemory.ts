import type { Call } from './types.js';

/** The part of `Storage` a session uses (`sessionStorage` by default). */
export type CallStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What a session keeps of its live call: enough to ask the proxy about it again, no more. */
export interface RememberedCall {
  id: string;
  cancelToken?: string | undefined;
}

/** Storage throws where the page may not use it (sandboxed frames, blocked site data). */
export const safely = <T>(fn: () => T): T | undefined => {
  try {
    return fn();
  } catch {}
};

/**
 * Keeps the session's live call in `storage` under `key`, so a reload or a navigation
 * on the same site resumes following it. What is read back is only a question for the
 * proxy: the call's state always comes from the proxy, never from storage.
 */
export function createCallMemory(storage: CallStorage | null | undefined, key: string) {
  const forget = () => safely(() => storage?.removeItem(key));
  return {
    /** The kept call, if any; anything else found under the key is dropped. */
    read(): RememberedCall | undefined {
      const saved: Partial<RememberedCall> | null | undefined = safely(() =>
        JSON.parse(storage?.getItem(key) ?? 'null'),
      );
      // A call id as the proxy makes them, and a string token if any: nothing else was ours.
      const id = saved?.id;
      if (
        typeof id === 'string' &&
        /^[\w-]{1,128}$/.test(id) &&
        typeof (saved!.cancelToken ?? '') === 'string'
      )
        return saved as RememberedCall;
      forget();
    },
    keep: ({ id, cancelToken }: Call) =>
      safely(() => storage?.setItem(key, JSON.stringify({ id, cancelToken }))),
    forget,
  };
}
