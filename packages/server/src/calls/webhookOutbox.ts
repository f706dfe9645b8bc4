import type { Store } from '../domain/Store.js';
import { outboxEntries, type WebhookTarget } from '../domain/webhooks.js';
import { storeWith } from './storeWith.js';

/**
 * The store the use cases write through when webhooks are configured: every `createCall`
 * and `updateCall` queues the deliveries its change produces (`webhookEventsFor`) in the
 * same atomic write, so no caller has to think about webhooks and no change can be stored
 * without its deliveries (or the other way round). `queued` runs after a write that queued
 * something, to send it without waiting for the next poll.
 */
export function withWebhookOutbox(
  store: Store,
  targets: readonly WebhookTarget[],
  queued: () => void,
): Store {
  const createCall: Store['createCall'] = async (call, key, event, outbox = []) => {
    const entries = [...outbox, ...outboxEntries(call, event, true, targets)];
    const result = await store.createCall(call, key, event, entries);
    if (result.created && entries.length > 0) queued();
    return result;
  };
  const updateCall: Store['updateCall'] = async (
    call,
    expectedVersion,
    event,
    outbox = [],
    previous,
  ) => {
    const entries = [...outbox, ...outboxEntries(call, event, false, targets)];
    const updated = await store.updateCall(call, expectedVersion, event, entries, previous);
    if (updated && entries.length > 0) queued();
    return updated;
  };
  return storeWith(store, { createCall, updateCall });
}
