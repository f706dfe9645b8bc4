import '@ringback/console/console.css';
import { type ConsoleLocale, ConsoleLocaleProvider } from '@ringback/console/components';
import type { Decorator } from '@storybook/react-vite';

/** What every console story can switch: the language and the theme. */
export interface FrameArgs {
  locale?: ConsoleLocale;
  theme?: 'light' | 'dark';
}

/**
 * Shows a console view as the console does: inside `.ringback-console` (its styles and
 * colours), with its texts in the story's language.
 */
export const withConsoleFrame: Decorator<FrameArgs> = (Story, { args }) => (
  <ConsoleLocaleProvider locale={args.locale ?? 'en'}>
    <div
      className="ringback-console"
      lang={args.locale ?? 'en'}
      data-theme={args.theme ?? 'light'}
      style={{ padding: 24, minWidth: 720 }}
    >
      <Story />
    </div>
  </ConsoleLocaleProvider>
);

export const frameArgTypes = {
  locale: { control: 'inline-radio', options: ['en', 'hi'] },
  theme: { control: 'inline-radio', options: ['light', 'dark'] },
} as const;
