import { CallFilters, CallsTable, type CallsTableProps } from '@ringback/console/components';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { type FrameArgs, frameArgTypes, withConsoleFrame } from './ConsoleFrame.js';
import { CALLS } from './fixtures.js';

type Args = Pick<CallsTableProps, 'calls'> & FrameArgs;

/**
 * "Live requests": the filters and the calls, newest first, one of each kind of state.
 * In the console new and changed calls merge in live from `/v1/admin/events`; each
 * number opens the call's detail.
 */
const meta = {
  title: 'Console/Calls table',
  decorators: [withConsoleFrame],
  args: { calls: CALLS, locale: 'en', theme: 'light' },
  argTypes: frameArgTypes,
  render: ({ calls, locale }) => (
    <>
      <CallFilters
        value={{ state: '', widgetId: '', from: '', to: '', phone: '' }}
        onApply={fn()}
        widgetIds={['sales', 'support']}
      />
      <CallsTable
        calls={calls}
        caption={locale === 'hi' ? 'अनुरोध, नए पहले' : 'Requests, newest first'}
      />
    </>
  ),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Light: Story = {};

export const DarkHindi: Story = {
  name: 'Dark, in Hindi',
  args: { theme: 'dark', locale: 'hi' },
};
