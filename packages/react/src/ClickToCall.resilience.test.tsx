import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CALL_ID,
  call,
  ENDPOINT,
  FakeEventSource,
  fakeProxy,
  json,
  problem,
  WIDGET,
} from '../../../test/support/fakeProxy.js';
import { ClickToCall, type ClickToCallProps } from './ClickToCall.js';
import { expectNoAxeViolations } from './test/axe.js';

const KEY = `ringback:${ENDPOINT} support`;

beforeEach(() => {
  FakeEventSource.instances = [];
  sessionStorage.clear();
});
afterEach(cleanup);

function setup(props: Partial<ClickToCallProps> = {}, widget = WIDGET) {
  const proxy = fakeProxy(widget);
  const user = userEvent.setup();
  const view = render(
    <ClickToCall
      endpoint={ENDPOINT}
      widgetId="support"
      fetch={proxy.fetch}
      EventSource={FakeEventSource as unknown as typeof EventSource}
      locale="en"
      {...props}
    />,
  );
  const input = () => screen.getByLabelText('Your phone number') as HTMLInputElement;
  const status = () => screen.getByRole('status');
  const place = async (answer: Response) => {
    proxy.queues.create.push(answer);
    await user.type(input(), '9876501234');
    await user.click(screen.getByRole('button', { name: 'Call me' }));
    await waitFor(() => expect(proxy.creates()).toHaveLength(1));
  };
  const emit = (state: Parameters<typeof call>[0], id: string) =>
    act(() => FakeEventSource.last.emit(call(state), id));
  return { ...view, proxy, user, input, status, place, emit };
}

const heldFor = (seconds: number) =>
  json(
    call('requested', {
      dialAt: new Date(Date.now() + seconds * 1000).toISOString(),
      cancelToken: 'ct_1',
    }),
    202,
  );

describe('<ClickToCall/>: the undo window', () => {
  it('says whom it is calling with an Undo that cancels, then shows the form with the number', async () => {
    const { place, status, user, proxy, input, container } = setup();
    await place(heldFor(10));
    await waitFor(() => expect(status().textContent).toBe('Calling +91 98765 01234'));
    const undo = screen.getByRole('button', { name: 'Undo' });
    await expectNoAxeViolations(container);

    proxy.queues.cancel.push(json(call('canceled')));
    await user.click(undo);
    await waitFor(() => expect(proxy.cancels()).toHaveLength(1));
    expect(proxy.cancels()[0]!.headers.get('Authorization')).toBe('Bearer ct_1');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull());
    expect(status().textContent).toBe('');
    expect(input().value).toBe('98765 01234');
    expect(document.activeElement).toBe(input());
    expect(
      screen.getByRole('button', { name: 'Call me' }).getAttribute('aria-disabled'),
    ).toBeNull();
  });

  it('lets the call go on when the undo comes too late', async () => {
    const { place, status, user, proxy } = setup();
    await place(heldFor(10));
    proxy.queues.cancel.push(problem('call_not_cancelable', 409));
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull());
    expect(status().textContent).toBe('Connecting…');
    act(() => FakeEventSource.last.emit(call('dialing-agent'), '2'));
    expect(status().textContent).toMatch(/^Calling our team/);
  });
});

describe('<ClickToCall/>: a reload mid-call', () => {
  it('resumes following the call kept in sessionStorage', async () => {
    sessionStorage.setItem(KEY, JSON.stringify({ id: CALL_ID }));
    const proxy = fakeProxy();
    proxy.queues.get.push(json(call('dialing-you')));
    render(
      <ClickToCall
        endpoint={ENDPOINT}
        widgetId="support"
        fetch={proxy.fetch}
        EventSource={FakeEventSource as unknown as typeof EventSource}
        locale="en"
      />,
    );
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Your phone is ringing: please pick up.'),
    );
    act(() => FakeEventSource.last.emit(call('completed'), '5'));
    expect(screen.getByRole('status').textContent).toBe('Call ended (0:41). Thank you!');
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it('keeps the call it places, for the next page', async () => {
    const { place } = setup();
    await place(json(call('dialing-agent'), 202));
    expect(JSON.parse(sessionStorage.getItem(KEY)!)).toMatchObject({ id: CALL_ID });
  });

  it('says so when the number already has a call under way', async () => {
    const { place, status } = setup();
    await place(problem('call_in_progress', 409));
    await waitFor(() =>
      expect(status().textContent).toBe(
        'A call to this number is already under way. Please wait for it to end.',
      ),
    );
  });
});

describe('<ClickToCall/>: an outage', () => {
  it('says "Reconnecting…" instead of a stage it has not heard, and what happened once back', async () => {
    const { place, status, proxy } = setup({ EventSource: null, pollIntervalMs: 500 });
    proxy.queues.get.push(
      new TypeError('offline'),
      new TypeError('offline'),
      new TypeError('offline'),
      json(call('completed')),
    );
    await place(json(call('dialing-you'), 202));
    expect(status().textContent).toBe('Your phone is ringing: please pick up.');
    await waitFor(() => expect(status().textContent).toBe('Reconnecting…'), { timeout: 3000 });
    await waitFor(() => expect(status().textContent).toBe('Call ended (0:41). Thank you!'), {
      timeout: 10_000,
    });
  }, 15_000);
});

describe('<ClickToCall/>: time', () => {
  it('says how soon the call comes, then counts down while each phone rings', async () => {
    const { place, emit, container } = setup({}, { ...WIDGET, ringSeconds: 30, undoSeconds: 10 });
    await screen.findByText('We call you back in about 40 s.');
    await place(json(call('dialing-agent'), 202));
    await screen.findByText('Ringing for up to 30 s');
    // Counted down from the clock: a late tick on a busy machine may skip a second.
    await screen.findByText(/^Ringing for up to 2\d s$/, undefined, { timeout: 3000 });
    // Outside the live region: a number changing every second is not read out.
    expect(screen.getByRole('status').textContent).toMatch(/^Calling our team/);
    await expectNoAxeViolations(container);
    emit('dialing-you', '2');
    await screen.findByText('Ringing for up to 30 s');
    emit('connected', '3');
    await waitFor(() => expect(screen.queryByText(/^Ringing/)).toBeNull());
  });

  it('shows no time when the widget does not say how long phones ring', async () => {
    const { place, proxy } = setup();
    await waitFor(() => expect(proxy.requests.length).toBeGreaterThan(0));
    await place(json(call('dialing-agent'), 202));
    expect(screen.queryByText(/Ringing|call you back/)).toBeNull();
  });
});
