import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe.js';
import { CSRF, FakeAdminServer } from '../test/FakeAdminServer.js';
import { makeCall, makeMissed } from '../test/fixtures.js';
import { renderConsole } from '../test/renderConsole.js';

afterEach(cleanup);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('missed leads', () => {
  it('asks for every miss, oldest first, and calls one back with an idempotency key and the CSRF token', async () => {
    const first = makeMissed({
      phone: '+919800000011',
      createdAt: '2027-03-09T04:00:00.000Z',
      fields: { name: 'Priya', topic: 'Pricing' },
    });
    const second = makeMissed({
      phone: '+919800000012',
      createdAt: '2027-03-09T05:00:00.000Z',
      missedReason: 'not-answered',
      state: 'not-answered',
    });
    const server = new FakeAdminServer({ calls: [second, first, makeCall()] });
    const { user } = renderConsole(server, { hash: '#/missed' });
    const table = await screen.findByRole('table', { name: 'Missed requests, oldest first' });
    const query = server.requests('/v1/admin/calls')[0]!.query;
    expect(query.getAll('state')).toEqual(['missed']);
    expect(query.get('order')).toBe('oldest');
    const [row1, row2] = within(table).getAllByRole('row').slice(1);
    expect(row1).toHaveTextContent('+919800000011');
    expect(row1).toHaveTextContent('No agent answered');
    expect(row1).toHaveTextContent('namePriya');
    expect(row2).toHaveTextContent('Visitor did not answer');
    await expectNoAxeViolations();

    const button = within(row1!).getByRole('button', { name: 'Call back now' });
    expect(button).toHaveAccessibleDescription('+919800000011');
    await user.click(button);
    const status = within(row1!).getByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('Call-back: requested'));
    const [post] = server.requests(`/v1/admin/calls/${first.id}/callback`, 'POST');
    expect(post!.headers.get('X-CSRF-Token')).toBe(CSRF);
    expect(post!.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(button).toBeDisabled();

    // The new call's progress follows the live feed.
    const callBack = server.calls.find((call) => call.callbackOf === first.id)!;
    act(() => server.push({ ...callBack, state: 'dialing-agent' }));
    expect(status).toHaveTextContent('Call-back: ringing agent');
    act(() => server.push({ ...callBack, state: 'completed', final: true }));
    expect(status).toHaveTextContent('Call-back: completed');
    expect(button).toBeEnabled();
  });

  it('reuses the key after a lost answer, and says why the server refused', async () => {
    const lead = makeMissed({ phone: '+919800000021' });
    const server = new FakeAdminServer({ calls: [lead] });
    const real = server.fetch;
    let failNext: 'network' | 'in-progress' | null = 'network';
    server.fetch = async (request) => {
      if (!request.url.endsWith('/callback') || !failNext) return real(request);
      const failure = failNext;
      failNext = failure === 'network' ? 'in-progress' : null;
      await real(request.clone());
      if (failure === 'network') throw new TypeError('connection reset');
      return new Response(
        JSON.stringify({
          type: 'x',
          title: 'x',
          status: 409,
          detail: 'x',
          code: 'call_in_progress',
        }),
        { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
      );
    };
    const { user } = renderConsole(server, { hash: '#/missed' });
    const button = await screen.findByRole('button', { name: 'Call back now' });
    await user.click(button);
    expect(await screen.findByText(/The server could not be reached/)).toBeInTheDocument();
    await user.click(button);
    expect(
      await screen.findByText('This number already has a call under way.'),
    ).toBeInTheDocument();
    const keys = server
      .requests(`/v1/admin/calls/${lead.id}/callback`)
      .map((r) => r.headers.get('Idempotency-Key'));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('shows a viewer the leads without call-back buttons', async () => {
    renderConsole(new FakeAdminServer({ role: 'viewer', calls: [makeMissed()] }), {
      hash: '#/missed',
    });
    await screen.findByRole('table', { name: 'Missed requests, oldest first' });
    expect(screen.queryByRole('button', { name: 'Call back now' })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Call back' })).toBeNull();
  });
});
