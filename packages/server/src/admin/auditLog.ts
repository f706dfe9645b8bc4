// `GET /v1/admin/audit`: the audit log, newest first.
import type { components } from '@ringback/protocol';
import type { Store } from '../domain/Store.js';
import { AdminQuery, encodeCursor, positionReader } from './adminQuery.js';
import { json } from './calls.js';

type AuditEntry = components['schemas']['AuditEntry'];

const readPosition = positionReader('at', /^[A-Za-z0-9_-]{1,64}$/);

export async function listAdminAudit(
  store: Store,
  request: Request,
  headers: Headers,
): Promise<Response> {
  const query = new AdminQuery(request, ['cursor', 'limit']);
  const after = query.cursor('cursor', readPosition);
  const limit = query.integer('limit', 1, 200) ?? 50;
  query.done();
  const records = await store.listAudit({ ...(after ? { after } : {}), limit: limit + 1 });
  const page = records.slice(0, limit);
  const last = page.at(-1);
  return json(
    {
      entries: page.map(
        (r): AuditEntry => ({
          id: r.id,
          at: new Date(r.at).toISOString(),
          actor: r.actor,
          role: r.role,
          action: r.action as AuditEntry['action'],
          target: r.target,
          ip: r.ip,
          outcome: r.outcome,
        }),
      ),
      nextCursor:
        records.length > limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
    },
    headers,
  );
}
