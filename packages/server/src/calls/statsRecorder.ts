import { statsDeltas } from '../domain/callStats.js';
import type { Logger } from '../domain/logger.js';
import type { CallRecord, Store } from '../domain/Store.js';
import { replacedCall } from '../domain/storedCall.js';
import { storeWith } from './storeWith.js';

/**
 * The store the use cases write through when the console is configured: after every
 * `createCall` and `updateCall` that wrote, the operator statistics' counters move by what
 * the change means (`statsDeltas`: in 15-minute buckets and in the days of `timeZone`, the
 * console's, as one `addStats`), so the stats endpoint reads counters and never scans calls.
 *
 * The counters are a second write, not part of the call's atomic write: a crash (or the
 * store failing) between the two loses that change's delta. The loss is logged when the
 * store refuses; a crash loses it silently. Stats are for trends, the calls themselves are
 * the record.
 *
 * An update needs the call as it was. The caller's `previous` is it when it is at the
 * expected version (the call updater always passes the call it changed); otherwise the call
 * is read just before the compare-and-set. Either way the compare-and-set succeeds only if
 * the stored call was still that version, so the delta is exact whenever it is written.
 */
export function withCallStats(store: Store, logger: Logger, timeZone: string): Store {
  const record = async (before: CallRecord | undefined, after: CallRecord) => {
    const deltas = statsDeltas(before, after, timeZone);
    if (deltas.length === 0) return;
    try {
      await store.addStats(deltas);
    } catch (error) {
      logger.error({ msg: 'stats not recorded', callId: after.id, error });
    }
  };
  const createCall: Store['createCall'] = async (call, key, event, outbox) => {
    const result = await store.createCall(call, key, event, outbox);
    if (result.created) await record(undefined, call);
    return result;
  };
  const updateCall: Store['updateCall'] = async (
    call,
    expectedVersion,
    event,
    outbox,
    previous,
  ) => {
    const before = replacedCall(call, expectedVersion, previous) ?? (await store.getCall(call.id));
    const updated = await store.updateCall(call, expectedVersion, event, outbox, previous);
    if (updated && before?.version === expectedVersion) await record(before, call);
    return updated;
  };
  return storeWith(store, { createCall, updateCall });
}
