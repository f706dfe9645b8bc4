import { StatsView } from '@ringback/console/components';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { type FrameArgs, frameArgTypes, withConsoleFrame } from './ConsoleFrame.js';
import { stats } from './fixtures.js';

type Args = FrameArgs & { days: number };

/**
 * Stats: the totals as figures, then requests vs connected per day, the connect rate,
 * time to connect (median and 95th percentile) and misses by reason, each an SVG chart
 * with its numbers as a table (read by screen readers; shown on request), then the
 * figures by widget and by agent. The charts are hand-made SVG: see the console's README.
 */
const meta = {
  title: 'Console/Stats charts',
  decorators: [withConsoleFrame],
  args: { days: 30, locale: 'en', theme: 'light' },
  argTypes: { ...frameArgTypes, days: { control: 'inline-radio', options: [7, 30, 90] } },
  render: ({ days }) => <StatsView stats={stats(days)} />,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Each chart's table is there for assistive technology and shows on request. */
export const ThirtyDays: Story = {
  name: '30 days',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = canvas.getByRole('table', { name: 'Connect rate per day' });
    await expect(within(table).getAllByRole('row')).toHaveLength(31);
    await expect(table.parentElement!.getBoundingClientRect().width).toBe(1);
    const [, rate] = canvas.getAllByRole('button', { name: 'Show the numbers as a table' });
    await userEvent.click(rate!);
    await expect(table.parentElement!.getBoundingClientRect().width).toBeGreaterThan(100);
  },
};

export const SevenDaysDark: Story = { name: '7 days, dark', args: { days: 7, theme: 'dark' } };

export const NinetyDaysHindi: Story = {
  name: '90 days, in Hindi',
  args: { days: 90, locale: 'hi' },
};
