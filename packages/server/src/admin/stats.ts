// `GET /v1/admin/stats`: the counters of `[from, to)` summed, read by day where the console's
// days are asked for, else in 15-minute buckets (readStatsRows).
import { isValidTimeZone } from '../domain/hoursSchema.js';
import type { ResolvedConfig, ResolvedConsole } from '../domain/ResolvedConfig.js';
import type { Store } from '../domain/Store.js';
import { readStatsReport } from '../domain/statsReport.js';
import { AdminQuery } from './adminQuery.js';
import { ID_PATTERN } from './callFilters.js';
import { json } from './calls.js';

const DAY_MS = 86_400_000;
/** The longest range, and the longest by hour (a series of at most 744 entries). */
const MAX_DAYS = { day: 366, hour: 31 };

/** Every agent of the configured widgets (a `from` widget's is `default`), once each. */
function configuredAgents(config: ResolvedConfig, widgetId: string | undefined) {
  const agents = new Map<string, string | null>();
  for (const widget of config.widgets.values()) {
    if (widgetId && widget.id !== widgetId) continue;
    for (const agent of widget.agents) if (!agents.get(agent.id)) agents.set(agent.id, agent.name);
  }
  return [...agents].map(([id, name]) => ({ id, name }));
}

export async function getAdminStats(
  store: Store,
  config: ResolvedConfig,
  console: ResolvedConsole,
  request: Request,
  headers: Headers,
): Promise<Response> {
  const query = new AdminQuery(request, ['from', 'to', 'groupBy', 'timeZone', 'widgetId']);
  const from = query.instant('from');
  const to = query.instant('to');
  const groupBy = query.choice('groupBy', ['day', 'hour']) ?? 'day';
  const zone = query.text('timeZone', 64);
  if (zone !== undefined && !isValidTimeZone(zone))
    query.problem('timeZone', 'must be an IANA time zone such as "Asia/Kolkata"');
  const widgetId = query.matching('widgetId', ID_PATTERN, 'must be a widget id');
  if (from === undefined && !query.errors.some((e) => e.path === '/from'))
    query.problem('from', 'is required');
  if (to === undefined && !query.errors.some((e) => e.path === '/to'))
    query.problem('to', 'is required');
  if (from !== undefined && to !== undefined) {
    if (to <= from) query.problem('to', 'must be after from');
    else if (to - from > MAX_DAYS[groupBy] * DAY_MS)
      query.problem('to', `must be at most ${MAX_DAYS[groupBy]} days after from (by ${groupBy})`);
  }
  query.done();
  const report = await readStatsReport(store, {
    from: from!,
    to: to!,
    groupBy,
    timeZone: zone ?? console.timeZone,
    rollupTimeZone: console.timeZone,
    ...(widgetId ? { widgetId } : {}),
    widgetIds: widgetId ? [widgetId] : [...config.widgets.keys()],
    agents: configuredAgents(config, widgetId),
  });
  return json(report, headers);
}
