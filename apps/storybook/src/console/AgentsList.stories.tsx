import { type AdminAgent, AgentsList, type Availability } from '@ringback/console/components';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { type FrameArgs, frameArgTypes, withConsoleFrame } from './ConsoleFrame.js';
import { AGENTS } from './fixtures.js';

type Args = FrameArgs & { canToggle: boolean };

/** Agents in a state of their own, as the console updates them from the server's answers. */
function Agents({ canToggle }: { canToggle: boolean }) {
  const [agents, setAgents] = useState<AdminAgent[]>(AGENTS);
  const toggle = (agent: AdminAgent, availability: Availability) =>
    setAgents((all) => all.map((a) => (a.id === agent.id ? { ...a, availability } : a)));
  return <AgentsList agents={agents} canToggle={canToggle} onToggle={toggle} />;
}

/**
 * The agents: a switch marks each available or away (a `PUT …/availability` in the
 * console; away agents are skipped by routing), with whether they are within their
 * hours and on a call now. Viewers see the availability as text.
 */
const meta = {
  title: 'Console/Agents',
  decorators: [withConsoleFrame],
  args: { canToggle: true, locale: 'en', theme: 'light' },
  argTypes: frameArgTypes,
  render: ({ canToggle }) => <Agents canToggle={canToggle} />,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A switch per agent, by keyboard too. */
export const Operator: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const asha = canvas.getByRole('switch', { name: 'Asha available' });
    await expect(asha).toBeChecked();
    asha.focus();
    await userEvent.keyboard(' ');
    await expect(asha).not.toBeChecked();
    await userEvent.keyboard('{Enter}');
    await expect(asha).toBeChecked();
  },
};

export const Viewer: Story = {
  name: 'As a viewer (dark, Hindi)',
  args: { canToggle: false, theme: 'dark', locale: 'hi' },
};
