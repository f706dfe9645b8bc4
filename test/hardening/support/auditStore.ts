// A Store that remembers every write that succeeded, in order, so the invariants can be
// checked against the whole history of each call, not only its last state.
import type { CallEvent, CallRecord, Store } from '@ringback/server';
import { isFinalState } from './callStates.js';

export interface Write {
  call: CallRecord;
  event: CallEvent | undefined;
  /** Simulated time of the write. */
  at: number;
}

export interface AuditedStore extends Store {
  /** Every call ever created, oldest first. */
  callIds(): string[];
  /** Successful writes of one call, in order (the create first). */
  writes(callId: string): Write[];
  /** Ids of stored calls that are not final yet. */
  openCallIds(): Promise<string[]>;
  /** Idempotency key → call id, for each key a call was stored under. */
  keys(): Map<string, string>;
}

export function auditStore(inner: Store, now: () => number): AuditedStore {
  const history = new Map<string, Write[]>();
  const keys = new Map<string, string>();
  const audited: Partial<AuditedStore> = {
    async createCall(call, key, event, outbox) {
      const result = await inner.createCall(call, key, event, outbox);
      if (result.created) {
        history.set(call.id, [{ call: structuredClone(call), event: { ...event }, at: now() }]);
        keys.set(key.key, call.id);
      }
      return result;
    },
    async updateCall(call, expectedVersion, event, outbox) {
      const ok = await inner.updateCall(call, expectedVersion, event, outbox);
      if (ok)
        history
          .get(call.id)
          ?.push({ call: structuredClone(call), event: event && { ...event }, at: now() });
      return ok;
    },
    callIds: () => [...history.keys()],
    writes: (callId) => history.get(callId) ?? [],
    async openCallIds() {
      const open: string[] = [];
      for (const id of history.keys()) {
        const call = await inner.getCall(id);
        if (call && !isFinalState(call.state)) open.push(id);
      }
      return open;
    },
    keys: () => new Map(keys),
  };
  // Everything else goes straight to the store being audited.
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop in audited) return audited[prop as keyof AuditedStore];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as AuditedStore;
}
