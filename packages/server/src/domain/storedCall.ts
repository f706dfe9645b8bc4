import type { CallRecord } from './Store.js';

/**
 * A call record read back from a store's JSON. Records written before a field existed
 * get its neutral value, so upgrading the server needs no migration.
 */
export function fromStoredCall(data: string): CallRecord {
  const stored = JSON.parse(data) as Partial<CallRecord> & CallRecord;
  return {
    ...stored,
    attempt: stored.attempt ?? 1,
    maxAttempts: stored.maxAttempts ?? 1,
    agentId: stored.agentId ?? null,
    attempts: stored.attempts ?? [],
    advancing: stored.advancing ?? false,
    dialAt: stored.dialAt ?? null,
    lineHolder: stored.lineHolder ?? null,
    fields: stored.fields ?? {},
    consent: stored.consent ?? null,
    context: stored.context ?? null,
  };
}

/**
 * The call an `updateCall` replaces, from the caller's `previous`: the copy when it is of
 * this call at `expectedVersion` (once the compare-and-set succeeds, that is the stored
 * call, as no version is written twice), else `undefined`.
 */
export function replacedCall(
  call: CallRecord,
  expectedVersion: number,
  previous: CallRecord | undefined,
): CallRecord | undefined {
  return previous?.id === call.id && previous.version === expectedVersion ? previous : undefined;
}
