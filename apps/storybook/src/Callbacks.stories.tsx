import { ClickToCall, type ClickToCallProps } from '@ringback/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type Scenario, type ScenarioOptions, VISITOR } from './scenario.js';
import { source } from './snippet.js';

type Args = Omit<ClickToCallProps, 'endpoint' | 'widgetId'>;
type Context = { canvasElement: HTMLElement; loaded: Record<string, unknown> };

/** Closed now (open tomorrow from 09:30 in Kolkata), offering 30-minute slots for three days. */
const CLOSED_WITH_SLOTS: ScenarioOptions = {
  closed: true,
  schedule: { slotMinutes: 30, daysAhead: 3 },
};
const LONG = { timeout: 10_000 };

/**
 * "Call me at…": a widget whose server configuration has `hours` and `schedule` offers
 * its free callback slots while the business is closed, and after a call that found
 * nobody or that the visitor missed. Times are in the shop's time zone, named when it
 * is not the visitor's. A booked callback is kept in `localStorage`, so a visitor who
 * comes back sees it and can cancel it. The snippet is the same as without slots.
 */
const meta = {
  title: 'Widget/Callbacks',
  component: ClickToCall as unknown as (props: Args) => ReactNode,
  decorators: [
    (Story) => (
      <div style={{ padding: 24, minWidth: 360, background: '#f6f8fa', colorScheme: 'light' }}>
        <Story />
      </div>
    ),
  ],
  render: (args, { loaded }) => {
    const scenario = loaded.scenario as Scenario;
    return <ClickToCall {...args} endpoint={scenario.endpoint} widgetId={scenario.widgetId} />;
  },
  args: { locale: 'en', theme: 'light' },
  argTypes: { locale: { control: 'inline-radio', options: ['en', 'hi'] } },
  // (Each story names its own scenario: parameters merge deeply, so a shared one would leak.)
  parameters: source({ locale: 'en', theme: 'light' }),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

async function expectStatus(canvasElement: HTMLElement, text: string | RegExp) {
  const status = await within(canvasElement).findByRole('status');
  await waitFor(() => expect(status).toHaveTextContent(text), LONG);
}

/** The slot list, once the slots arrived. */
const slotList = (canvasElement: HTMLElement, name = 'Call me at…') =>
  within(canvasElement).findByRole('listbox', { name }, LONG);

/** Types the number, picks the second slot and books it; returns the slot's start. */
async function book({ canvasElement }: Context): Promise<string> {
  const canvas = within(canvasElement);
  await userEvent.type(await canvas.findByLabelText('Your phone number'), VISITOR);
  const list = (await slotList(canvasElement)) as HTMLSelectElement;
  const second = within(list).getAllByRole('option')[1] as HTMLOptionElement;
  await userEvent.selectOptions(list, second);
  await expect(list).toHaveValue(second.value);
  await userEvent.click(canvas.getByRole('button', { name: 'Book this time' }));
  await expectStatus(canvasElement, /^We'll call you on .+\.$/);
  return second.value;
}

/** Closed now: the free slots, by day, in the shop's time; "Book this time" books the one picked. */
export const SlotsOffered: Story = {
  name: 'Slots offered (closed)',
  parameters: { scenario: CLOSED_WITH_SLOTS },
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, /^We are closed\. We take calls again from .+\.$/);
    const list = await slotList(canvasElement);
    const days = within(list).getAllByRole('group');
    expect(days.length).toBeGreaterThanOrEqual(1);
    // Tomorrow from 09:30 in Kolkata, the first slot picked.
    const first = within(days[0]!).getAllByRole('option')[0] as HTMLOptionElement;
    await expect(first).toHaveTextContent(/^9:30\sAM/);
    await expect(first.selected).toBe(true);
    await expect(
      within(canvasElement).getByRole('button', { name: 'Book this time' }),
    ).toBeEnabled();
  },
};

/** In Hindi: days, times and the zone's name from `Intl.DateTimeFormat`. */
export const SlotsOfferedHindi: Story = {
  name: 'Slots offered (Hindi)',
  args: { locale: 'hi' },
  parameters: { scenario: CLOSED_WITH_SLOTS, ...source({ locale: 'hi', theme: 'light' }) },
  play: async ({ canvasElement }) => {
    const list = await slotList(canvasElement, 'मुझे इस समय कॉल करें…');
    await expect(within(list).getAllByRole('option')[0]).toHaveTextContent(/^9:30 am/);
    await expect(within(canvasElement).getByRole('button', { name: 'यह समय तय करें' })).toBeVisible();
  },
};

/** A booked callback: when the shop will call, and Cancel (it is kept for the visitor's next visit). */
export const Scheduled: Story = {
  parameters: { scenario: CLOSED_WITH_SLOTS },
  play: async (ctx) => {
    await book(ctx);
    const canvas = within(ctx.canvasElement);
    await expect(canvas.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await expect(canvas.queryByRole('listbox')).toBeNull();
    const { calls } = ctx.loaded.scenario as Scenario;
    await expect(calls.at(-1)?.state).toBe('scheduled');
  },
};

/** Cancel: the booking is withdrawn on the server, and the slots are offered again. */
export const ScheduledThenCanceled: Story = {
  name: 'Scheduled, then canceled',
  parameters: { scenario: CLOSED_WITH_SLOTS },
  play: async (ctx) => {
    await book(ctx);
    await userEvent.click(within(ctx.canvasElement).getByRole('button', { name: 'Cancel' }));
    await slotList(ctx.canvasElement);
    const { calls } = ctx.loaded.scenario as Scenario;
    await waitFor(() => expect(calls.at(-1)?.state).toBe('canceled'));
  },
};

/** The visitor missed the call and the widget's `retry` rule calls again later. */
export const RetryScheduled: Story = {
  name: 'Retry scheduled',
  parameters: {
    scenario: {
      visitor: { outcome: 'no-answer' },
      retry: { visitorMissed: { attempts: 1, afterMinutes: 30 } },
    } satisfies ScenarioOptions,
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByLabelText('Your phone number'), VISITOR);
    await userEvent.click(canvas.getByRole('button', { name: 'Call me' }));
    await expectStatus(canvasElement, /^Calling our team/);
    await (loaded.scenario as Scenario).advance(40);
    await expectStatus(canvasElement, /^We'll try again on .+\.$/);
    await expect(canvas.getByRole('button', { name: 'Cancel' })).toBeVisible();
  },
};

/** A booked callback that fell due while it could not be placed: it ends `expired`. */
export const Expired: Story = {
  parameters: { scenario: { ...CLOSED_WITH_SLOTS, callbackStaleSeconds: 0 } },
  play: async (ctx) => {
    const start = await book(ctx);
    const scenario = ctx.loaded.scenario as Scenario;
    // Time passes the slot with no server running (none placed it), then one looks.
    await scenario.advance((Date.parse(start) - scenario.sim.clock.now()) / 1000 + 60);
    await scenario.server.reconcile();
    await expectStatus(ctx.canvasElement, 'We could not call you at the planned time. Sorry!');
    await expect(
      within(ctx.canvasElement).getByRole('button', { name: 'Call again' }),
    ).toBeVisible();
  },
};
