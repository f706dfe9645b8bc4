import type { AdminStats } from '../api/types.js';
import { BarChart } from '../charts/BarChart.js';
import { ChartFigure } from '../charts/ChartFigure.js';
import { HorizontalBarChart } from '../charts/HorizontalBarChart.js';
import { LineChart } from '../charts/LineChart.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { missedCount, MISSED_REASONS as REASONS } from './missedCount.js';
import { StatsTable } from './StatsTable.js';

/** The totals as figures, four charts each with its table, and the numbers by widget and agent. */
export function StatsView({ stats }: { stats: AdminStats }) {
  const { m, format } = useText();
  const { totals, series } = stats;
  // Short on the axes, with the weekday in the tables.
  const days = series.map((entry) => format.shortDay(entry.start, stats.timeZone));
  const dayNames = series.map((entry) => format.day(entry.start, stats.timeZone));
  const orNone = (value: number | null, as: (v: number) => string) =>
    value === null ? m.none : as(value);
  const table = (columns: string[], cells: (entry: (typeof series)[number]) => string[]) => ({
    columns: [m.colDay, ...columns],
    rows: series.map((entry, i) => ({ label: dayNames[i]!, cells: cells(entry) })),
  });
  return (
    <>
      <section aria-labelledby="stats-totals">
        <h2 id="stats-totals">{m.totals}</h2>
        <dl className="figures">
          <Figure label={m.requests} value={format.number(totals.requests)} />
          <Figure label={m.connected} value={format.number(totals.connected)} />
          <Figure label={m.connectRate} value={orNone(totals.connectRate, format.percent)} />
          <Figure label={m.ttcP50} value={orNone(totals.timeToConnect.p50, format.duration)} />
          <Figure label={m.ttcP95} value={orNone(totals.timeToConnect.p95, format.duration)} />
          <Figure label={m.missedTotal} value={format.number(missedCount(totals))} />
        </dl>
      </section>
      <section aria-labelledby="stats-charts" className="charts">
        <h2 id="stats-charts" className="visually-hidden">
          {m.statsTitle}
        </h2>
        <ChartFigure
          title={m.chartRequests}
          legend={[m.requests, m.connected]}
          chart={(title) => (
            <BarChart
              title={title}
              categories={days}
              series={[
                { name: m.requests, values: series.map((e) => e.requests) },
                { name: m.connected, values: series.map((e) => e.connected) },
              ]}
              formatTick={format.number}
            />
          )}
          table={table([m.requests, m.connected], (e) => [
            format.number(e.requests),
            format.number(e.connected),
          ])}
        />
        <ChartFigure
          title={m.chartRate}
          chart={(title) => (
            <LineChart
              title={title}
              categories={days}
              top={1}
              series={[{ name: m.connectRate, values: series.map((e) => e.connectRate) }]}
              formatTick={format.percent}
            />
          )}
          table={table([m.connectRate], (e) => [orNone(e.connectRate, format.percent)])}
        />
        <ChartFigure
          title={m.chartTtc}
          legend={[m.p50, m.p95]}
          chart={(title) => (
            <LineChart
              title={title}
              categories={days}
              series={[
                { name: m.p50, values: series.map((e) => e.timeToConnect.p50) },
                { name: m.p95, values: series.map((e) => e.timeToConnect.p95) },
              ]}
              formatTick={format.number}
            />
          )}
          table={table([m.p50, m.p95], (e) => [
            orNone(e.timeToConnect.p50, format.duration),
            orNone(e.timeToConnect.p95, format.duration),
          ])}
        />
        <ChartFigure
          title={m.chartMissed}
          chart={(title) => (
            <HorizontalBarChart
              title={title}
              categories={REASONS.map((reason) => m[`reason_${reason}`])}
              values={REASONS.map((reason) => totals.missed[reason])}
              formatValue={format.number}
            />
          )}
          table={{
            columns: [m.colReason, m.colCount],
            rows: REASONS.map((reason) => ({
              label: m[`reason_${reason}`],
              cells: [format.number(totals.missed[reason])],
            })),
          }}
        />
      </section>
      <StatsTable
        title={m.byWidget}
        rowHeader={m.colWidget}
        rows={stats.widgets.map((w) => ({ label: w.widgetId, figures: w }))}
      />
      <StatsTable
        title={m.byAgent}
        rowHeader={m.colAgent}
        rows={stats.agents.map((a) => ({ label: a.agentName ?? a.agentId, figures: a }))}
      />
    </>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
