import { MissedLeadsList, type MissedLeadsListProps } from '@ringback/console/components';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { type FrameArgs, frameArgTypes, withConsoleFrame } from './ConsoleFrame.js';
import { MISSED } from './fixtures.js';

type Args = MissedLeadsListProps & FrameArgs;

/**
 * "Missed leads to call back", oldest first: why each was missed, the lead's answers,
 * and "Call back now" (a `POST …/callback` with an `Idempotency-Key` in the console),
 * then the call-back's progress as it streams in. Viewers get no buttons.
 */
const meta = {
  title: 'Console/Missed leads',
  component: MissedLeadsList,
  decorators: [withConsoleFrame],
  args: { leads: MISSED, canCallBack: true, onCallBack: fn(), locale: 'en', theme: 'light' },
  argTypes: frameArgTypes,
  render: ({ locale: _locale, theme: _theme, ...props }) => <MissedLeadsList {...props} />,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Each row's button calls back that lead. */
export const ToCallBack: Story = {
  name: 'To call back',
  play: async ({ canvasElement, args }) => {
    const rows = within(canvasElement).getAllByRole('row').slice(1);
    await userEvent.click(within(rows[1]!).getByRole('button', { name: 'Call back now' }));
    await expect(args.onCallBack).toHaveBeenCalledWith(MISSED[1]);
  },
};

/** Calling back: sent, ringing, refused. */
export const CallingBack: Story = {
  name: 'Calling back',
  args: {
    progress: {
      [MISSED[0]!.id]: { status: 'pending' },
      [MISSED[1]!.id]: {
        status: 'placed',
        call: {
          ...MISSED[1]!,
          id: 'call_storycallback00000000001',
          state: 'dialing-you',
          final: false,
        },
      },
      [MISSED[2]!.id]: { status: 'failed', message: 'This number already has a call under way.' },
    },
  },
};

export const Viewer: Story = {
  name: 'As a viewer (dark)',
  args: { canCallBack: false, theme: 'dark' },
};
