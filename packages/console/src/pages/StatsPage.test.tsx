import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe.js';
import { FakeAdminServer } from '../test/FakeAdminServer.js';
import { makeStats } from '../test/fixtures.js';
import { renderConsole } from '../test/renderConsole.js';
import { lastDays } from './StatsPage.js';

afterEach(cleanup);

describe('stats', () => {
  it('shows totals as figures and each chart with a data table as its text equivalent', async () => {
    const server = new FakeAdminServer();
    const { user } = renderConsole(server, { hash: '#/stats' });
    const totals = await screen.findByRole('region', { name: 'Totals' });
    const { totals: figures } = server.stats;
    expect(within(totals).getByText('Requests').nextSibling).toHaveTextContent(
      String(figures.requests),
    );
    expect(within(totals).getByText('Time to connect, median').nextSibling).toHaveTextContent(
      '21 sec',
    );
    for (const name of [
      'Requests and connected calls per day',
      'Connect rate per day',
      'Time to connect per day, in seconds',
      'Missed requests by reason',
    ]) {
      expect(screen.getByRole('img', { name })).toBeInTheDocument();
      expect(screen.getByRole('table', { name })).toBeInTheDocument();
    }
    const perDay = screen.getByRole('table', { name: 'Requests and connected calls per day' });
    const firstDay = within(perDay).getAllByRole('row')[1]!;
    const day = server.stats.series[0]!;
    expect(
      within(firstDay)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([String(day.requests), String(day.connected)]);
    await expectNoAxeViolations();

    // The table is hidden visually until asked for.
    const toggles = screen.getAllByRole('button', { name: 'Show the numbers as a table' });
    expect(perDay.parentElement).toHaveClass('visually-hidden');
    await user.click(toggles[0]!);
    expect(perDay.parentElement).not.toHaveClass('visually-hidden');
    expect(screen.getByRole('button', { name: 'Hide the table' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('asks for 7, 30 or 90 days by day in the viewer’s time zone', async () => {
    const server = new FakeAdminServer();
    const { user } = renderConsole(server, { hash: '#/stats' });
    await screen.findByRole('region', { name: 'Totals' });
    const first = server.requests('/v1/admin/stats')[0]!.query;
    expect(first.get('groupBy')).toBe('day');
    expect(first.get('timeZone')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    server.stats = makeStats(30);
    await user.click(screen.getByRole('radio', { name: 'Last 30 days' }));
    await waitFor(() => expect(server.requests('/v1/admin/stats')).toHaveLength(2));
    const second = server.requests('/v1/admin/stats')[1]!.query;
    expect(Date.parse(second.get('to')!) - Date.parse(second.get('from')!)).toBeGreaterThanOrEqual(
      29 * 86_400_000,
    );
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Connect rate per day' })).getAllByRole('row'),
      ).toHaveLength(31),
    );
  });

  it('counts the last days from midnight, today included', () => {
    const { from, to } = lastDays(7, new Date(2027, 2, 10, 15, 30));
    expect(new Date(from)).toEqual(new Date(2027, 2, 4));
    expect(new Date(to)).toEqual(new Date(2027, 2, 11));
  });
});
