import type { CallEvent, CallListener } from '../domain/Store.js';

/** In-process fan-out of call events, shared by the single-instance stores. */
export class CallListeners {
  readonly #byCall = new Map<string, Set<CallListener>>();
  readonly #all = new Set<CallListener>();

  subscribe(callId: string, listener: CallListener): () => void {
    let set = this.#byCall.get(callId);
    if (!set) {
      set = new Set();
      this.#byCall.set(callId, set);
    }
    set.add(listener);
    return () => {
      const current = this.#byCall.get(callId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.#byCall.delete(callId);
    };
  }

  /** Every call's events (the operator console's live view). */
  subscribeAll(listener: CallListener): () => void {
    // A wrapper, so one listener subscribed twice gets each event twice and unsubscribes once each.
    const entry: CallListener = (event) => listener(event);
    this.#all.add(entry);
    return () => {
      this.#all.delete(entry);
    };
  }

  emit(event: CallEvent): void {
    const set = this.#byCall.get(event.callId);
    for (const listener of [...(set ?? []), ...this.#all]) {
      try {
        listener({ ...event });
      } catch {
        // A broken subscriber must not keep the others, or the writer, from their event.
      }
    }
  }

  clear(): void {
    this.#byCall.clear();
    this.#all.clear();
  }
}
