import {
  CallAttempts,
  CallSummary,
  CallTimeline,
  WebhookDeliveries,
} from '@ringback/console/components';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { type FrameArgs, frameArgTypes, withConsoleFrame } from './ConsoleFrame.js';
import { DETAIL } from './fixtures.js';

type Args = FrameArgs & { canAct: boolean };

/**
 * A call's detail: its fields, the lead, consent and where the visitor came from; the
 * timeline of every state and what moved it; each attempt with Exotel's CallSid and a
 * link to the recording; the webhooks sent, with "Send again" for operators.
 */
const meta = {
  title: 'Console/Call timeline',
  decorators: [withConsoleFrame],
  args: { canAct: true, locale: 'en', theme: 'light' },
  argTypes: frameArgTypes,
  render: ({ canAct }) => (
    <>
      <CallSummary call={DETAIL} canCallBack={canAct} onCallBack={fn()} />
      <h2>Timeline</h2>
      <CallTimeline events={DETAIL.events} />
      <h2>Attempts</h2>
      <CallAttempts attempts={DETAIL.attempts} />
      <h2>Webhook deliveries</h2>
      <WebhookDeliveries
        deliveries={DETAIL.webhookDeliveries}
        canRedeliver={canAct}
        onRedeliver={fn()}
      />
    </>
  ),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Answered by the second agent after the first did not pick up; one webhook failed. */
export const SecondAgentAnswered: Story = { name: 'Second agent answered' };

export const Dark: Story = { args: { theme: 'dark', canAct: false } };
