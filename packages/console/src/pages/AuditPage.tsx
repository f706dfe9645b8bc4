import { useState } from 'react';
import { type Failure, settle } from '../api/result.js';
import type { AuditEntry } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { useServices } from '../shell/ConsoleServices.js';
import { AuditTable } from '../views/AuditTable.js';
import { LoadStatus } from './LoadStatus.js';
import { PageTitle } from './PageTitle.js';
import { useLoad } from './useLoad.js';

/** The audit log (admins only), newest first, page by page. */
export function AuditPage() {
  const { m } = useText();
  const { api } = useServices();
  const first = useLoad(
    () => settle(api.client.GET('/v1/admin/audit', { params: { query: { limit: 50 } } })),
    'audit',
  );
  const [more, setMore] = useState<{ entries: AuditEntry[]; cursor: string | null } | null>(null);
  const [moreFailure, setMoreFailure] = useState<Failure | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const entries = [...(first.data?.entries ?? []), ...(more?.entries ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const result = await settle(
      api.client.GET('/v1/admin/audit', { params: { query: { limit: 50, cursor } } }),
    );
    setLoadingMore(false);
    if (!result.ok) return setMoreFailure(result);
    setMoreFailure(null);
    setMore((old) => ({
      entries: [...(old?.entries ?? []), ...result.data.entries],
      cursor: result.data.nextCursor,
    }));
  };
  return (
    <>
      <PageTitle title={m.auditTitle}>{m.auditTitle}</PageTitle>
      <LoadStatus
        loading={first.status === 'loading'}
        failure={first.failure ?? moreFailure}
        onRetry={first.status === 'failed' ? first.reload : loadMore}
      />
      {first.data && (entries.length ? <AuditTable entries={entries} /> : <p>{m.noAudit}</p>)}
      {cursor && (
        <button
          type="button"
          className="secondary"
          aria-disabled={loadingMore || undefined}
          onClick={loadMore}
        >
          {loadingMore ? m.loading : m.loadMore}
        </button>
      )}
    </>
  );
}
