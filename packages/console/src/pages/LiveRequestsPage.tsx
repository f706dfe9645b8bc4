import { useMemo, useState } from 'react';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import {
  type CallFilterValues,
  filtersToQuery,
  NO_FILTERS,
  queryToSearchParams,
} from '../live/callQuery.js';
import { useServices } from '../shell/ConsoleServices.js';
import { CallFilters } from '../views/CallFilters.js';
import { CallsTable } from '../views/CallsTable.js';
import { LoadStatus } from './LoadStatus.js';
import { PageTitle } from './PageTitle.js';
import { useNewRequestsAnnouncer } from './useAnnouncer.js';
import { useCallList } from './useCallList.js';

/** Every request, newest first, live; filters, "Load more" and a CSV export of the same. */
export function LiveRequestsPage() {
  const { m } = useText();
  const { api } = useServices();
  const [filters, setFilters] = useState<CallFilterValues>(NO_FILTERS);
  const query = useMemo(() => filtersToQuery(filters), [filters]);
  const { announcement, addNew } = useNewRequestsAnnouncer();
  const list = useCallList(query, addNew);
  const widgetIds = useMemo(
    () => [...new Set(list.calls.map((call) => call.widgetId))].sort(),
    [list.calls],
  );
  return (
    <>
      <PageTitle title={m.liveTitle}>{m.liveTitle}</PageTitle>
      <CallFilters value={filters} onApply={setFilters} widgetIds={widgetIds} />
      <p className="toolbar">
        <a href={api.url('calls.csv', queryToSearchParams(query))} download="ringback-calls.csv">
          {m.exportCsv}
        </a>
      </p>
      <div role="status" className="visually-hidden">
        {announcement.text && <span key={announcement.seq}>{announcement.text}</span>}
      </div>
      <LoadStatus
        loading={list.status === 'loading'}
        failure={list.failure}
        onRetry={list.status === 'failed' ? list.reload : list.loadMore}
      />
      {list.status === 'ready' &&
        (list.calls.length ? (
          <CallsTable calls={list.calls} caption={m.callsCaption} />
        ) : (
          <p>{m.noCalls}</p>
        ))}
      {list.nextCursor && (
        <button
          type="button"
          className="secondary"
          aria-disabled={list.loadingMore || undefined}
          onClick={list.loadMore}
        >
          {list.loadingMore ? m.loading : m.loadMore}
        </button>
      )}
    </>
  );
}
