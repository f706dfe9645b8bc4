import { type Call, isWaiting } from './types.js';

/** The part of `Storage` a session uses (`sessionStorage` and `localStorage` by default). */
export type CallStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What a session keeps of its call: enough to ask the proxy about it again, no more. */
export interface RememberedCall {
  id: string;
  cancelToken?: string | undefined;
  /** When the visitor booked the callback for, if they did (the proxy's `scheduledFor`). */
  scheduledFor?: string | null | undefined;
}

/** Storage throws where the page may not use it (sandboxed frames, blocked site data). */
export const safely = <T>(fn: () => T): T | undefined => {
  try {
    return fn();
  } catch {}
};

/**
 * Keeps the session's call under `key`, so coming back resumes following it: a live
 * call in `live` (the tab's `sessionStorage`: a reload or a navigation on the same
 * site), a call that waits for its time (`scheduled`, `retry-scheduled`) in `pending`
 * (`localStorage`: a visitor who comes back another day sees it and can cancel it).
 * What is read back is only a question for the proxy: the call's state always comes
 * from the proxy, never from storage.
 */
export function createCallMemory(
  live: CallStorage | null | undefined,
  pending: CallStorage | null | undefined,
  key: string,
) {
  const forget = () => {
    safely(() => live?.removeItem(key));
    safely(() => pending?.removeItem(key));
  };
  return {
    /** The kept call, if any; anything else found under the key is dropped. */
    read(): RememberedCall | undefined {
      for (const storage of [live, pending]) {
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
      }
      forget();
    },
    /** Keeps `call` where its state belongs, and nowhere else. */
    keep({ id, cancelToken, state, scheduledFor }: Call) {
      forget();
      safely(() =>
        (isWaiting(state) ? pending : live)?.setItem(
          key,
          JSON.stringify({ id, cancelToken, scheduledFor }),
        ),
      );
    },
    forget,
  };
}
