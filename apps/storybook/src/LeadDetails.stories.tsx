import { ClickToCall, type ClickToCallProps } from '@ringback/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type Scenario, type ScenarioOptions, VISITOR } from './scenario.js';
import { source } from './snippet.js';

type Args = Omit<ClickToCallProps, 'endpoint' | 'widgetId'>;

/** A widget that asks for a name, what the call is about and a reason, with a consent box. */
const LEAD: ScenarioOptions = {
  fields: [
    { id: 'name', label: { en: 'Your name', hi: 'आपका नाम' }, required: true, maxLength: 80 },
    {
      id: 'details',
      label: { en: 'What is it about?', hi: 'किस बारे में?' },
      type: 'textarea',
      maxLength: 500,
    },
    {
      id: 'reason',
      label: { en: 'Reason', hi: 'कारण' },
      type: 'select',
      required: true,
      options: [
        { value: 'sales', label: { en: 'Buying', hi: 'ख़रीदारी' } },
        { value: 'billing', label: { en: 'Billing', hi: 'बिलिंग' } },
        // No Hindi given: the English label shows.
        { value: 'other', label: 'Something else' },
      ],
    },
  ],
  consent: {
    text: {
      en: 'You may call me about this enquiry. The call may be recorded.',
      hi: 'आप इस बारे में मुझे कॉल कर सकते हैं। कॉल रिकॉर्ड हो सकती है।',
    },
    required: true,
  },
};

/**
 * The widget's own questions (`fields`) and consent box come from the server's widget
 * configuration: the snippet is the same as without them.
 */
const meta = {
  title: 'Widget/Lead details',
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
  parameters: {
    scenario: LEAD,
    ...source({ locale: 'en', theme: 'light' }),
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

const LONG = { timeout: 10_000 };

/** Answered and ticked: the call goes with the answers, the consent and the page it came from. */
export const Filled: Story = {
  parameters: source({ locale: 'en', theme: 'light' }),
  play: async ({ canvasElement, loaded }) => {
    const scenario = loaded.scenario as Scenario;
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByLabelText('Your phone number'), VISITOR);
    await userEvent.type(await canvas.findByRole('textbox', { name: 'Your name' }), 'Asha');
    await userEvent.type(
      canvas.getByRole('textbox', { name: 'What is it about?' }),
      'My bill{Enter}for March',
    );
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Reason' }), 'billing');
    await userEvent.click(canvas.getByRole('checkbox', { name: /^You may call me/ }));
    await userEvent.click(canvas.getByRole('button', { name: 'Call me' }));
    const status = await canvas.findByRole('status');
    await waitFor(() => expect(status).toHaveTextContent(/^Calling our team/), LONG);
    await waitFor(() => expect(scenario.calls.length).toBeGreaterThan(0), LONG);
    const call = scenario.calls.at(-1)!;
    await expect(call.fields).toEqual({
      name: 'Asha',
      details: 'My bill\nfor March',
      reason: 'billing',
    });
    await expect(call.consent?.text.en).toMatch(/^You may call me/);
    await expect(call.context?.pageUrl).toBe(`${location.origin}${location.pathname}`);
  },
};

/** "Call me" with nothing answered: each problem at its control, the first one focused. */
export const ValidationErrors: Story = {
  name: 'Validation errors',
  parameters: source({ locale: 'en', theme: 'light' }),
  play: async ({ canvasElement, loaded }) => {
    const scenario = loaded.scenario as Scenario;
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByLabelText('Your phone number'), VISITOR);
    await canvas.findByRole('checkbox');
    await userEvent.click(canvas.getByRole('button', { name: 'Call me' }));
    const name = canvas.getByRole('textbox', { name: 'Your name' });
    await waitFor(() => expect(name).toHaveFocus());
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toHaveAccessibleDescription('Please fill this in.');
    await expect(canvas.getByRole('combobox', { name: 'Reason' })).toHaveAccessibleDescription(
      'Please fill this in.',
    );
    await expect(canvas.getByRole('checkbox')).toHaveAccessibleDescription(
      'Please tick this box to continue.',
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(/^$/);
    await expect(scenario.calls).toEqual([]);
  },
};

/** Hindi: the labels the business gave in Hindi, English where it gave none, and the widget's own texts. */
export const Hindi: Story = {
  args: { locale: 'hi-IN' },
  parameters: source({ locale: 'hi-IN', theme: 'light' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByLabelText('आपका फ़ोन नंबर'), VISITOR);
    await canvas.findByRole('checkbox', { name: /^आप इस बारे में/ });
    const reason = canvas.getByRole('combobox', { name: 'कारण' }) as HTMLSelectElement;
    await expect([...reason.options].map((o) => o.text)).toEqual([
      'चुनें…',
      'ख़रीदारी',
      'बिलिंग',
      'Something else',
    ]);
    await userEvent.click(canvas.getByRole('button', { name: 'मुझे कॉल करें' }));
    await waitFor(() =>
      expect(canvas.getByRole('textbox', { name: 'आपका नाम' })).toHaveAccessibleDescription(
        'कृपया यह भरें।',
      ),
    );
    await expect(canvas.getByRole('checkbox')).toHaveAccessibleDescription(
      'आगे बढ़ने के लिए यह बॉक्स चुनें।',
    );
  },
};
