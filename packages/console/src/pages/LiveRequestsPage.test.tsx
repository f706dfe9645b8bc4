import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe.js';
import { FakeAdminServer } from '../test/FakeAdminServer.js';
import { makeCall, makeMissed } from '../test/fixtures.js';
import { renderConsole } from '../test/renderConsole.js';

afterEach(cleanup);

const rows = () =>
  within(screen.getByRole('table', { name: 'Requests, newest first' }))
    .getAllByRole('row')
    .slice(1);

describe('live requests', () => {
  it('lists calls newest first, and merges streamed changes and new calls without a reload', async () => {
    const older = makeCall({ phone: '+919800000001', createdAt: '2027-03-10T04:00:00.000Z' });
    const newer = makeCall({
      phone: '+919800000002',
      createdAt: '2027-03-10T05:00:00.000Z',
      state: 'dialing-agent',
      final: false,
      conversationSeconds: null,
    });
    const server = new FakeAdminServer({ calls: [older, newer] });
    renderConsole(server);
    await screen.findByRole('table', { name: 'Requests, newest first' });
    expect(rows().map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      '+919800000002',
      '+919800000001',
    ]);
    await expectNoAxeViolations();
    await waitFor(() => expect(screen.getByText('Live updates on')).toBeInTheDocument());

    act(() => server.push({ ...newer, state: 'connected' }));
    expect(within(rows()[0]!).getByText('connected')).toBeInTheDocument();
    act(() =>
      server.push(
        makeCall({
          phone: '+919800000003',
          createdAt: '2027-03-10T06:00:00.000Z',
          state: 'requested',
        }),
      ),
    );
    expect(within(rows()[0]!).getByRole('rowheader')).toHaveTextContent('+919800000003');
    expect(rows()).toHaveLength(3);
    // Merged, not reloaded.
    expect(server.requests('/v1/admin/calls')).toHaveLength(1);
    // One polite announcement for the new request, not one per change.
    await waitFor(() => expect(screen.getByText('1 new request')).toBeInTheDocument(), {
      timeout: 2_000,
    });
    expect(screen.getByText('1 new request').closest('[role="status"]')).toBeInTheDocument();
  });

  it('reloads after the stream reconnects, since changes may have been missed', async () => {
    const server = new FakeAdminServer({ calls: [makeCall()] });
    renderConsole(server);
    await screen.findByRole('table', { name: 'Requests, newest first' });
    await waitFor(() => expect(screen.getByText('Live updates on')).toBeInTheDocument());
    const stream = server.streams.at(-1)!;
    act(() => stream.drop());
    expect(screen.getByText('Live updates interrupted; reconnecting…')).toBeInTheDocument();
    act(() => stream.open());
    await waitFor(() => expect(server.requests('/v1/admin/calls')).toHaveLength(2));
  });

  it('filters, exports the same filters as CSV, and loads more with the cursor', async () => {
    const calls = [
      ...Array.from({ length: 60 }, (_, i) =>
        makeCall({
          phone: `+9198765${String(i).padStart(5, '0')}`,
          createdAt: new Date(Date.UTC(2027, 2, 1, 0, i)).toISOString(),
        }),
      ),
      makeMissed({ phone: '+919811122233', createdAt: '2027-03-09T10:00:00.000Z' }),
    ];
    const server = new FakeAdminServer({ calls });
    const { user } = renderConsole(server);
    await screen.findByRole('table', { name: 'Requests, newest first' });
    expect(rows()).toHaveLength(50);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows()).toHaveLength(61));
    expect(server.requests('/v1/admin/calls').at(-1)!.query.get('cursor')).toBe('50');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    await user.selectOptions(screen.getByLabelText('State'), 'missed');
    await user.type(screen.getByLabelText('Number contains'), '1112');
    await user.type(screen.getByLabelText('From'), '2027-03-09');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    const query = server.requests('/v1/admin/calls').at(-1)!.query;
    expect(query.getAll('state')).toEqual(['missed']);
    expect(query.get('phone')).toBe('1112');
    expect(query.get('from')).toBe(new Date('2027-03-09T00:00').toISOString());
    const csv = new URL(screen.getByRole('link', { name: 'Export as CSV' }).getAttribute('href')!);
    expect(csv.pathname).toBe('/ringback/v1/admin/calls.csv');
    expect(csv.searchParams.get('state')).toBe('missed');
    expect(csv.searchParams.get('phone')).toBe('1112');

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(rows()).toHaveLength(50));
  });

  it('opens a call from its number', async () => {
    const call = makeCall({ phone: '+919812300000' });
    const { user } = renderConsole(new FakeAdminServer({ calls: [call] }));
    await user.click(await screen.findByRole('link', { name: '+919812300000' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Request from +919812300000' }),
    ).toHaveFocus();
  });
});
