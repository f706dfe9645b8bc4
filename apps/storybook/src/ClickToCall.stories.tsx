import { AE, GB, IN, SG, US } from '@ringback/client/phone-rules';
import { ClickToCall, type ClickToCallProps } from '@ringback/react';
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { type DriveContext, STATES, type StateName } from './drive.js';
import type { Scenario } from './scenario.js';
import { source } from './snippet.js';

type Args = Omit<ClickToCallProps, 'endpoint' | 'widgetId'>;

const PHONE_RULES = { IN, AE, GB, SG, US };

/** A page around the widget, dark when the widget is, and in the widget's direction. */
function Page({ theme, dir, children }: { theme?: string; dir?: string; children: ReactNode }) {
  const dark = theme === 'dark';
  return (
    <div
      dir={dir}
      style={{
        padding: 24,
        minWidth: 360,
        background: dark ? '#0d1117' : '#f6f8fa',
        colorScheme: dark ? 'dark' : 'light',
      }}
    >
      {children}
    </div>
  );
}

const withPage: Decorator<Args> = (Story, { args }) => (
  <Page theme={args.theme} dir={args.dir}>
    <Story />
  </Page>
);

const ARGS: Args = {
  locale: 'en',
  theme: 'light',
  consent: 'We call you once about your enquiry. Calls may be recorded.',
};

const meta = {
  title: 'Widget/ClickToCall',
  component: ClickToCall as unknown as (props: Args) => ReactNode,
  decorators: [withPage],
  render: (args, { loaded }) => {
    const scenario = loaded.scenario as Scenario;
    return (
      <ClickToCall
        {...args}
        endpoint={scenario.endpoint}
        widgetId={scenario.widgetId}
        phoneRules={PHONE_RULES}
      />
    );
  },
  args: ARGS,
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    locale: { control: 'inline-radio', options: ['en', 'en-IN', 'hi', 'hi-IN'] },
    dir: { control: 'inline-radio', options: [undefined, 'ltr', 'rtl'] },
    countries: { control: 'check', options: ['IN', 'AE', 'GB', 'SG', 'US'] },
    consent: { control: 'text' },
  },
  parameters: {
    scenario: { countries: ['IN', 'AE', 'GB', 'SG', 'US'] },
    // "Show code" shows what to write, not the story's in-page proxy or phone data.
    ...source(ARGS),
  },
} satisfies Meta<Args>;

/** A story's own args, and the snippet that goes with them. */
const withArgs = (args: Args) => ({ args, parameters: source({ ...ARGS, ...args }) });

export default meta;
type Story = StoryObj<typeof meta>;

/** A story for one state: its scenario, and a play function that gets there. */
function stateStory(name: StateName, extra: Partial<Story> = {}): Story {
  const state = STATES[name];
  const { args, parameters } = withArgs({ countries: ['IN'] });
  return {
    name,
    args,
    parameters: {
      ...parameters,
      scenario: { countries: ['IN', 'AE', 'GB', 'SG', 'US'], ...state.scenario },
    },
    play: ({ canvasElement, loaded }) =>
      state.drive({ canvasElement, scenario: loaded.scenario as Scenario }),
    ...extra,
  };
}

export const Idle = stateStory('Idle');
export const InvalidNumber = stateStory('Invalid number');
export const Submitting = stateStory('Submitting');
export const DialingAgent = stateStory('Dialing agent');
/** Agent groups: the agent being tried has a name. */
export const TryingNamedAgent = stateStory('Trying a named agent');
/** Agent groups: attempt 2 of 3, after the first agent missed the call. */
export const TryingAnotherAgent = stateStory('Trying another agent');
/** The undo window: the proxy holds the call before dialling, so a typo can be undone. */
export const UndoWindow = stateStory('Undo window');
export const DialingYou = stateStory('Dialing you');
/** With the widget's `ringSeconds`: the expected time before a call, a countdown while phones ring. */
export const RingingCountdown = stateStory('Ringing countdown');
export const Connected = stateStory('Connected');
export const Completed = stateStory('Completed');
export const AgentUnavailable = stateStory('Agent unavailable');
export const NotAnswered = stateStory('Not answered');
export const Busy = stateStory('Busy');
export const Failed = stateStory('Failed');
export const Canceled = stateStory('Canceled');
export const Ended = stateStory('Ended');
export const RateLimited = stateStory('Rate limited');
export const Closed = stateStory('Closed');
export const VerificationRequired = stateStory('Verification required');
export const ServerUnreachable = stateStory('Server unreachable');

/** Several countries: names from `Intl.DisplayNames`, calling codes from the phone rules. */
export const Countries: Story = {
  ...withArgs({ countries: ['IN', 'AE', 'GB', 'SG', 'US'] }),
  play: async ({ canvasElement }) => {
    const { expect, userEvent, within } = await import('storybook/test');
    const canvas = within(canvasElement);
    const select = await canvas.findByLabelText('Country');
    await userEvent.selectOptions(select, 'GB');
    await userEvent.type(canvas.getByLabelText('Your phone number'), '07400123456');
    await expect(canvas.getByLabelText('Your phone number')).toHaveValue('07400 123456');
  },
};

/** Hindi, with country names and dates in Hindi too. */
export const Hindi: Story = {
  ...withArgs({
    locale: 'hi-IN',
    countries: ['IN', 'AE', 'GB'],
    consent: 'हम आपको केवल आपके सवाल के बारे में कॉल करेंगे।',
  }),
  play: async ({ canvasElement }) => {
    const { expect, within } = await import('storybook/test');
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('button', { name: 'मुझे कॉल करें' })).toBeVisible();
    await expect(await canvas.findByRole('option', { name: 'भारत +91' })).toBeInTheDocument();
  },
};

/** The dark theme; `auto` follows the visitor's `prefers-color-scheme`. */
export const Dark: Story = {
  ...stateStory('Dialing you'),
  name: 'Dark',
  ...withArgs({ theme: 'dark', countries: ['IN', 'AE'] }),
};

/** Right to left: the layout mirrors; the number still reads left to right. */
export const RightToLeft: Story = {
  ...stateStory('Dialing agent'),
  name: 'Right to left',
  ...withArgs({ dir: 'rtl', countries: ['IN', 'AE'] }),
};

/** Every state side by side, each driven by its own proxy and simulator. */
export const AllStates: Story = {
  name: 'All states',
  parameters: {
    ...source({ ...ARGS, countries: ['IN'] }),
    layout: 'fullscreen',
    scenarios: Object.fromEntries(Object.entries(STATES).map(([name, s]) => [name, s.scenario])),
  },
  render: (args, { loaded }) => {
    const scenarios = loaded.scenarios as Record<StateName, Scenario>;
    return (
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(22rem, 1fr))',
          gap: 24,
          padding: 24,
        }}
      >
        {(Object.keys(STATES) as StateName[]).map((name) => (
          <section key={name} data-state={name} aria-label={name}>
            <h2 style={{ font: '600 14px system-ui', margin: '0 0 8px' }}>{name}</h2>
            <ClickToCall
              {...args}
              countries={['IN']}
              endpoint={scenarios[name].endpoint}
              widgetId={scenarios[name].widgetId}
            />
          </section>
        ))}
      </div>
    );
  },
  play: async ({ canvasElement, loaded }) => {
    const scenarios = loaded.scenarios as Record<StateName, Scenario>;
    // One at a time: the visitor has one keyboard.
    for (const [name, state] of Object.entries(STATES) as [
      StateName,
      (typeof STATES)[StateName],
    ][]) {
      const cell = canvasElement.querySelector<HTMLElement>(`[data-state="${name}"]`)!;
      const ctx: DriveContext = { canvasElement: cell, scenario: scenarios[name] };
      await state.drive(ctx);
    }
  },
};
