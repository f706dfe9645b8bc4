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
