import type { Call } from './types.js';

/** The part of `Storage` a session uses (`sessionStorage` by default). */
export type CallStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What a session keeps of its live call: enough to ask the proxy about it again, no more. */
export interface RememberedCall {
  id: string;
  cancelToken: string | undefined;
}

/** Storage throws where the page may not use it (sandboxed frames, blocked site data). */
const attempt = <T>(fn: () => T): T | undefined => {
  try {
    return fn();
  } catch {
    return undefined;
  }
};

/** A call id as the proxy makes them; anything else in storage was not written by us. */
const CALL_ID = /^[\w-]{1,128}$/;

/**
 * Keeps the session's live call in `storage` under `key`, so a reload or a navigation
 * on the same site resumes following it. What is read back is only a question for the
 * proxy: the call's state always comes from the proxy, never from storage.
 */
export function createCallMemory(storage: CallStorage | null | undefined, key: string) {
  const forget = () => attempt(() => storage?.removeItem(key));
  return {
    read(): RememberedCall | undefined {
      const raw = attempt(() => storage?.getItem(key));
      if (!raw) return;
      const saved = attempt(() => JSON.parse(raw)) as Partial<RememberedCall> | undefined;
      const { id, cancelToken } = saved ?? {};
      if (
        typeof id === 'string' &&
        CALL_ID.test(id) &&
        (cancelToken === undefined || typeof cancelToken === 'string')
      ) {
        return { id, cancelToken };
      }
      forget();
    },
    keep({ id, cancelToken }: Call): void {
      attempt(() => storage?.setItem(key, JSON.stringify({ id, cancelToken })));
    },
    forget,
  };
}

/** `sessionStorage`, where the page may use it. */
export const defaultCallStorage = (): CallStorage | undefined =>
  attempt(() => globalThis.sessionStorage);
