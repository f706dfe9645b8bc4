import type { SlotList, Widget } from '@ringback/client';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
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
// Tuesday 5 and Wednesday 6 January 2027, 10:00 and 10:30 in Kolkata.
const SLOTS: SlotList = {
  widgetId: 'support',
  timeZone: 'Asia/Kolkata',
  slotMinutes: 30,
  slots: [
    { start: '2027-01-05T04:30:00.000Z', end: '2027-01-05T05:00:00.000Z' },
    { start: '2027-01-05T05:00:00.000Z', end: '2027-01-05T05:30:00.000Z' },
    { start: '2027-01-06T04:30:00.000Z', end: '2027-01-06T05:00:00.000Z' },
  ],
};
const PICKED = '2027-01-05T05:00:00.000Z';
const CLOSED: Widget = {
  ...WIDGET,
  open: false,
  nextOpening: '2027-01-05T04:30:00.000Z',
  timeZone: 'Asia/Kolkata',
  schedule: { slotMinutes: 30, daysAhead: 3 },
};
const booked = (extra = {}) =>
  call('scheduled', { scheduledFor: PICKED, dialAt: PICKED, cancelToken: 'ct_1', ...extra });

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  FakeEventSource.instances = [];
});
afterEach(cleanup);

function setup(props: Partial<ClickToCallProps> = {}, widget: Widget = CLOSED) {
  const proxy = fakeProxy(widget);
  proxy.queues.slots.push(json(SLOTS), json(SLOTS), json(SLOTS));
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
  return { ...view, proxy, user };
}
const status = () => screen.getByRole('status');
const list = () => screen.findByRole('listbox', { name: 'Call me at…' });

describe('<ClickToCall/>: "Call me at…"', () => {
  it('offers the free slots while closed, by day, in the shop’s time zone named when it is not the visitor’s', async () => {
    const { container } = setup();
    const listbox = await list();
    const days = within(listbox).getAllByRole('group');
    expect(days.map((d) => d.getAttribute('label'))).toEqual(['Tue, Jan 5', 'Wed, Jan 6']);
    // (The tests run in UTC: Kolkata is named.)
    expect(
      within(days[0]!)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['10:00 AM GMT+5:30', '10:30 AM GMT+5:30']);
    expect(within(listbox).getAllByRole('option')[0]).toHaveProperty('selected', true);
    expect(
      screen.getByRole('button', { name: 'Book this time' }).getAttribute('aria-disabled'),
    ).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('books the picked slot with the number, and shows the scheduled call with Cancel', async () => {
    const { proxy, user, container } = setup();
    await user.type(screen.getByLabelText('Your phone number'), '98123 45678');
    // (Arrow keys in the list are the browser's own: the Storybook and embed tests press them.)
    await user.selectOptions(await list(), PICKED);
    proxy.queues.create.push(json(booked(), 202));
    await user.click(screen.getByRole('button', { name: 'Book this time' }));
    await waitFor(() =>
      expect(status().textContent).toContain("We'll call you on Tue, Jan 5, 10:30 AM GMT+5:30."),
    );
    expect(proxy.creates()[0]!.body).toMatchObject({
      phone: '+919812345678',
      scheduledFor: PICKED,
    });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.queryByRole('list')).toBeNull();
    expect(JSON.parse(localStorage.getItem(KEY)!)).toMatchObject({ id: CALL_ID });
    await expectNoAxeViolations(container);

    proxy.queues.cancel.push(json(call('canceled')));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(proxy.cancels()).toHaveLength(1));
    expect(proxy.cancels()[0]!.headers.get('Authorization')).toBe('Bearer ct_1');
    await list();
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('shows a callback booked on an earlier visit, and cancels it', async () => {
    localStorage.setItem(KEY, JSON.stringify({ id: CALL_ID, cancelToken: 'ct_1' }));
    const proxy = fakeProxy(CLOSED);
    proxy.queues.get.push(json(booked({ cancelToken: undefined })));
    proxy.queues.cancel.push(json(call('canceled')));
    proxy.queues.slots.push(json(SLOTS));
    const user = userEvent.setup();
    render(
      <ClickToCall
        endpoint={ENDPOINT}
        widgetId="support"
        fetch={proxy.fetch}
        EventSource={FakeEventSource as unknown as typeof EventSource}
        locale="hi"
      />,
    );
    await waitFor(() =>
      expect(status().textContent).toContain('हम आपको मंगल, 5 जन॰, 10:30 am IST पर कॉल करेंगे।'),
    );
    await user.click(screen.getByRole('button', { name: 'रद्द करें' }));
    await screen.findByRole('listbox', { name: 'मुझे इस समय कॉल करें…' });
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it.each(['not-answered', 'busy', 'agent-unavailable'] as const)(
    'offers a callback after %s, while open',
    async (ending) => {
      const { proxy, user } = setup({}, { ...CLOSED, open: true, nextOpening: null });
      expect(screen.queryByRole('listbox')).toBeNull();
      await user.type(screen.getByLabelText('Your phone number'), '98123 45678');
      proxy.queues.create.push(json(call('dialing-agent'), 202));
      await user.click(screen.getByRole('button', { name: 'Call me' }));
      await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
      FakeEventSource.last.emit(call(ending), '2');
      await list();
      proxy.queues.create.push(json(booked(), 202));
      await user.click(screen.getByRole('button', { name: 'Book this time' }));
      await waitFor(() => expect(status().textContent).toContain("We'll call you on"));
    },
  );

  it('offers no slots when the widget has none', async () => {
    setup({}, { ...CLOSED, schedule: null });
    await waitFor(() => expect(status().textContent).toContain('We are closed.'));
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByRole('button', { name: 'Call me' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
  });

  it('says when the slot was taken meanwhile, and lists the slots again', async () => {
    const { proxy, user } = setup();
    await user.type(screen.getByLabelText('Your phone number'), '98123 45678');
    await list();
    proxy.queues.create.push(problem('slot_unavailable', 409));
    await user.click(screen.getByRole('button', { name: 'Book this time' }));
    await waitFor(() =>
      expect(status().textContent).toContain('That time was just taken. Please pick another.'),
    );
    await list();
  });

  it('shows a retry that waits, and an expired callback', async () => {
    const { proxy, user } = setup({}, { ...CLOSED, open: true, nextOpening: null });
    await user.type(screen.getByLabelText('Your phone number'), '98123 45678');
    proxy.queues.create.push(json(call('dialing-agent', { cancelToken: 'ct_2' }), 202));
    await user.click(screen.getByRole('button', { name: 'Call me' }));
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    FakeEventSource.last.emit(
      call('retry-scheduled', { retryAt: PICKED, dialAt: PICKED, cancelToken: undefined }),
      '2',
    );
    await waitFor(() =>
      expect(status().textContent).toContain("We'll try again on Tue, Jan 5, 10:30 AM GMT+5:30."),
    );
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    FakeEventSource.last.emit(call('expired'), '3');
    await waitFor(() =>
      expect(status().textContent).toContain('We could not call you at the planned time. Sorry!'),
    );
    expect(screen.getByRole('button', { name: 'Call again' })).toBeTruthy();
    await list();
  });
});
