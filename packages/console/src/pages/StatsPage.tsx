import { useId, useState } from 'react';
import { settle } from '../api/result.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';
import { useServices } from '../shell/ConsoleServices.js';
import { StatsView } from '../views/StatsView.js';
import { LoadStatus } from './LoadStatus.js';
import { PageTitle } from './PageTitle.js';
import { useLoad } from './useLoad.js';

const RANGES = [7, 30, 90] as const;
type Range = (typeof RANGES)[number];

/** `[from, to)`: the last `days` days, today included, from midnight in the viewer's zone. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1 - days);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** Totals and daily charts over the last 7, 30 or 90 days, in the viewer's time zone. */
export function StatsPage() {
  const { m, format } = useText();
  const { api } = useServices();
  const id = useId();
  const [days, setDays] = useState<Range>(7);
  const stats = useLoad(() => {
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return settle(
      api.client.GET('/v1/admin/stats', {
        params: { query: { ...lastDays(days), groupBy: 'day', timeZone } },
      }),
    );
  }, String(days));
  return (
    <>
      <PageTitle title={m.statsTitle}>{m.statsTitle}</PageTitle>
      <fieldset className="segmented">
        <legend>{m.range}</legend>
        {RANGES.map((range) => (
          <label key={range}>
            <input
              type="radio"
              name={`${id}-range`}
              value={range}
              checked={days === range}
              onChange={() => setDays(range)}
            />
            <span>{fill(m.lastDays, { days: format.number(range) })}</span>
          </label>
        ))}
      </fieldset>
      <LoadStatus
        loading={stats.status === 'loading'}
        failure={stats.failure}
        onRetry={stats.reload}
      />
      {stats.data && <StatsView stats={stats.data} />}
    </>
  );
}
