// `GET /v1/admin/webhook-deliveries` and `POST …/{id}/redeliver`.
import { redeliverWebhook } from '../calls/deliverWebhooks.js';
import type { ServerContext } from '../calls/ServerContext.js';
import { CALL_ID } from '../domain/callId.js';
import { Problem } from '../domain/problem.js';
import type { Store } from '../domain/Store.js';
import { decodePathSegment } from '../http/decodePathSegment.js';
import { discardBody } from '../http/readBody.js';
import { AdminQuery } from './adminQuery.js';
import { json } from './calls.js';
import { toDeliveryView } from './toAdminCall.js';

export async function listAdminDeliveries(
  store: Store,
  request: Request,
  headers: Headers,
): Promise<Response> {
  const query = new AdminQuery(request, ['callId', 'state', 'limit']);
  const callId = query.matching('callId', CALL_ID, 'must be a call id');
  const state = query.choice('state', ['pending', 'delivered', 'failed']);
  const limit = query.integer('limit', 1, 200) ?? 50;
  query.done();
  const deliveries = await store.listWebhookDeliveries({
    ...(callId ? { callId } : {}),
    ...(state ? { state } : {}),
    limit,
  });
  return json({ deliveries: deliveries.map(toDeliveryView) }, headers);
}

const DELIVERY_ID = /^[A-Za-z0-9_-]{1,128}$/;
const notFound = () =>
  new Problem('delivery_not_found', 'There is no webhook delivery with this id.');

/** The delivery id of a path, or `delivery_not_found` for one that cannot be a delivery's. */
export function deliveryOfPath(rawId: string): string {
  const id = decodePathSegment(rawId);
  if (!id || !DELIVERY_ID.test(id)) throw notFound();
  return id;
}

export async function redeliverAdminDelivery(
  ctx: ServerContext,
  request: Request,
  deliveryId: string,
  headers: Headers,
): Promise<Response> {
  await discardBody(request);
  let delivery: Awaited<ReturnType<typeof redeliverWebhook>>;
  try {
    delivery = await redeliverWebhook(ctx, deliveryId);
  } catch (error) {
    if (error instanceof RangeError) throw notFound();
    throw error;
  }
  ctx.webhooks.kick();
  return json(toDeliveryView(delivery), headers);
}
