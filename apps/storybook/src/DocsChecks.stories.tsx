import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import * as clickToCall from './ClickToCall.stories.js';
import * as embedding from './Embedding.stories.js';
import * as leadDetails from './LeadDetails.stories.js';

// Checks of the docs pages themselves, run with the stories' tests; hidden from the sidebar.

const meta = {
  title: 'Checks/Docs',
  tags: ['!dev', '!autodocs'],
  render: () => <p>Checks of the docs pages.</p>,
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

interface Source {
  docs?: { source?: { code?: string } };
}

/** "Show code" for a story: its own snippet, else its file's. */
const shownCode = (story: { parameters?: Source }, file: { default: { parameters?: object } }) =>
  story.parameters?.docs?.source?.code ?? (file.default.parameters as Source).docs?.source?.code;

export const Snippets: Story = {
  name: 'Every story shows a short snippet to copy',
  play: async () => {
    for (const file of [clickToCall, embedding, leadDetails] as const) {
      for (const [name, story] of Object.entries(file)) {
        if (name === 'default') continue;
        const code = shownCode(story as { parameters?: Source }, file);
        await expect(code, name).toMatch(/shop\.example\.com\/ringback/);
        // Not the story's in-page proxy, nor phone metadata printed as data.
        await expect(code, name).not.toMatch(/\/ringback\/story\d|localhost|127\.0\.0\.1|\[\[/);
        await expect(code!.split('\n').length, name).toBeLessThan(15);
      }
    }
  },
};
