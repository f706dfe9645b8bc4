import { LogInForm, type LogInFormProps } from '@ringback/console/components';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { type FrameArgs, frameArgTypes, withConsoleFrame } from './ConsoleFrame.js';

type Args = LogInFormProps & FrameArgs;

/**
 * The console's log-in page: email and password. A refusal is announced (`role="alert"`)
 * and keeps what was typed; throttled log-ins say when to try again.
 */
const meta = {
  title: 'Console/Log-in form',
  component: LogInForm,
  decorators: [withConsoleFrame],
  args: { onLogIn: fn(), locale: 'en', theme: 'light' },
  argTypes: frameArgTypes,
  render: ({ locale: _locale, theme: _theme, ...props }) => <LogInForm {...props} />,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Typing and pressing "Log in" hands the email and password over. */
export const Empty: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText('Email'), 'meera@shop.example.com');
    await userEvent.type(canvas.getByLabelText('Password'), 'correct horse');
    await userEvent.click(canvas.getByRole('button', { name: 'Log in' }));
    await expect(args.onLogIn).toHaveBeenCalledWith({
      email: 'meera@shop.example.com',
      password: 'correct horse',
    });
  },
};

export const WrongPassword: Story = {
  name: 'Wrong email or password',
  args: { error: { kind: 'invalid' } },
};

export const Throttled: Story = {
  name: 'Too many attempts (Hindi, dark)',
  args: {
    error: { kind: 'throttled', retryAfterSeconds: 300 },
    notice: 'आपका सत्र समाप्त हो गया। फिर से लॉग इन करें।',
    locale: 'hi',
    theme: 'dark',
  },
};
