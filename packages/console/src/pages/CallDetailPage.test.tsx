import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe.js';
import { CSRF, FakeAdminServer } from '../test/FakeAdminServer.js';
import { makeCall } from '../test/fixtures.js';
import { renderConsole } from '../test/renderConsole.js';

afterEach(cleanup);

describe('call detail', () => {
  it('shows the timeline, attempts with CallSid and recording, lead, consent, context and webhooks', async () => {
    const call = makeCall({ phone: '+919812399999', fields: { name: 'Priya' } });
    const server = new FakeAdminServer({ calls: [call] });
    renderConsole(server, { hash: `#/calls/${call.id}` });
    await screen.findByRole('heading', { level: 1, name: 'Request from +919812399999' });
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(within(timeline).getAllByRole('listitem')).toHaveLength(3);
    expect(within(timeline).getAllByRole('listitem')[1]).toHaveTextContent(
      "ringing agentattempt 1, by Exotel's callback · Agent: Asha",
    );
    const attempts = screen.getByRole('table', { name: 'Attempts at reaching an agent' });
    expect(attempts).toHaveTextContent(call.exotelSid!);
    expect(within(attempts).getByRole('link', { name: 'Recording of attempt 1' })).toHaveAttribute(
      'href',
      'https://recordings.exotel.example/abc.mp3',
    );
    expect(screen.getByText(/^Given .+: “Call me about my enquiry\.”$/)).toBeInTheDocument();
    expect(screen.getByText('https://shop.example.com/pricing')).toBeInTheDocument();
    expect(screen.getByText('newsletter')).toBeInTheDocument();
    await expectNoAxeViolations();
  });

  it('re-sends a webhook with the CSRF token, and follows the call live', async () => {
    const call = makeCall({ state: 'connected', final: false });
    const server = new FakeAdminServer({ calls: [call] });
    const { user } = renderConsole(server, { hash: `#/calls/${call.id}` });
    const deliveries = await screen.findByRole('table', {
      name: 'Webhooks sent about this request',
    });
    expect(deliveries).toHaveTextContent('HTTP 500');
    await user.click(within(deliveries).getByRole('button', { name: 'Send again' }));
    await waitFor(() => expect(deliveries).toHaveTextContent('pending'));
    const [post] = server.requests('/v1/admin/webhook-deliveries/msg_2Kd9/redeliver', 'POST');
    expect(post!.headers.get('X-CSRF-Token')).toBe(CSRF);

    await waitFor(() => expect(server.streams.at(-1)!.readyState).toBe(1));
    act(() => server.push({ ...call, state: 'completed', final: true }));
    const summary = screen.getByRole('region', { name: 'Summary' });
    await waitFor(() => expect(summary).toHaveTextContent('completed'));
  });

  it('says when there is no such call', async () => {
    renderConsole(new FakeAdminServer(), { hash: '#/calls/call_xxxxxxxxxxxxxxxxxxxxxxxx' });
    expect(await screen.findByText('There is no such request.')).toBeInTheDocument();
  });
});
