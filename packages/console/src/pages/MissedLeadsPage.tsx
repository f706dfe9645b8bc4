import { useText } from '../i18n/ConsoleLocaleProvider.js';
import type { CallQuery } from '../live/callQuery.js';
import { useServices } from '../shell/ConsoleServices.js';
import { MissedLeadsList } from '../views/MissedLeadsList.js';
import { LoadStatus } from './LoadStatus.js';
import { PageTitle } from './PageTitle.js';
import { useCallBack } from './useCallBack.js';
import { useCallList } from './useCallList.js';

const MISSED: CallQuery = { state: ['missed'], order: 'oldest' };

/** Missed requests, oldest first, each with "Call back now" and the call-back's progress. */
export function MissedLeadsPage() {
  const { m } = useText();
  const { can } = useServices();
  const list = useCallList(MISSED);
  const { progress, callBack } = useCallBack();
  return (
    <>
      <PageTitle title={m.missedTitle}>{m.missedTitle}</PageTitle>
      <LoadStatus
        loading={list.status === 'loading'}
        failure={list.failure}
        onRetry={list.status === 'failed' ? list.reload : list.loadMore}
      />
      {list.status === 'ready' &&
        (list.calls.length ? (
          <MissedLeadsList
            leads={list.calls}
            canCallBack={can.callBack}
            onCallBack={callBack}
            progress={progress}
          />
        ) : (
          <p>{m.noMissed}</p>
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
