import type { Widget } from '@ringback/client';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  call,
  ENDPOINT,
  FakeEventSource,
  fakeProxy,
  json,
  problem,
  WIDGET,
} from '../../../test/support/fakeProxy.js';
import { ClickToCall, type ClickToCallProps } from './ClickToCall.js';
import { expectNoAxeViolations } from './test/axe.js';

beforeEach(() => {
  sessionStorage.clear();
  FakeEventSource.instances = [];
});
afterEach(cleanup);

const LEAD_WIDGET: Widget = {
  ...WIDGET,
  fields: [
    {
      id: 'name',
      label: { en: 'Your name', hi: 'आपका नाम' },
      type: 'text',
      required: true,
      maxLength: 40,
    },
    {
      id: 'note',
      label: { en: 'What is it about?' },
      type: 'textarea',
      required: false,
      maxLength: 500,
    },
    {
      id: 'reason',
      label: { en: 'Reason', hi: 'कारण' },
      type: 'select',
      required: true,
      maxLength: 200,
      options: [
        { value: 'sales', label: { en: 'Buying', hi: 'ख़रीदारी' } },
        { value: 'billing', label: { en: 'Billing' } },
      ],
    },
  ],
  consent: {
    text: { en: 'You may call me about my enquiry.', hi: 'आप मुझे कॉल कर सकते हैं।' },
    required: true,
  },
  collectContext: false,
};

function setup(props: Partial<ClickToCallProps> = {}, widget: Widget = LEAD_WIDGET) {
  const proxy = fakeProxy(widget);
  const user = userEvent.setup();
  const view = render(
    <ClickToCall
      endpoint={ENDPOINT}
      widgetId="support"
      fetch={proxy.fetch}
      EventSource={FakeEventSource as unknown as typeof EventSource}
      locale="en"
      {...props}
    />,
  );
  return { ...view, proxy, user };
}

const phone = () => screen.getByLabelText('Your phone number');
const name = () => screen.getByRole('textbox', { name: 'Your name' });
const note = () => screen.getByRole('textbox', { name: 'What is it about?' });
const reason = () => screen.getByRole('combobox', { name: 'Reason' }) as HTMLSelectElement;
const consent = () => screen.getByRole('checkbox', { name: 'You may call me about my enquiry.' });
const callMe = () => screen.getByRole('button', { name: 'Call me' });

describe('<ClickToCall/>: the widget’s fields and consent box', () => {
  it('labels each field and the consent box, in keyboard order before Call me', async () => {
    const { user, container } = setup();
    await screen.findByRole('checkbox');
    expect(name().getAttribute('aria-required')).toBe('true');
    expect(name().getAttribute('maxlength')).toBe('40');
    expect(note().localName).toBe('textarea');
    expect(note().hasAttribute('aria-required')).toBe(false);
    expect([...reason().options].map((o) => [o.value, o.text])).toEqual([
      ['', 'Choose…'],
      ['sales', 'Buying'],
      ['billing', 'Billing'],
    ]);
    expect(consent().getAttribute('aria-required')).toBe('true');
    // Each label points at its control.
    expect(container.querySelector(`label[for="${name().id}"]`)?.textContent).toBe('Your name *');

    await user.click(phone());
    const order = [];
    for (let i = 0; i < 5; i++) {
      await user.tab();
      order.push(document.activeElement);
    }
    expect(order).toEqual([name(), note(), reason(), consent(), callMe()]);
    await expectNoAxeViolations(container);
  });

  it('tells what is missing at each control, focuses the first, and sends nothing', async () => {
    const { user, proxy, container } = setup();
    await screen.findByRole('checkbox');
    await user.type(phone(), '9812345678');
    await user.click(callMe());

    await waitFor(() => expect(document.activeElement).toBe(name()));
    expect(name().getAttribute('aria-invalid')).toBe('true');
    const nameError = document.getElementById(name().getAttribute('aria-describedby')!);
    expect(nameError?.textContent).toBe('Please fill this in.');
    expect(reason().getAttribute('aria-invalid')).toBe('true');
    expect(note().getAttribute('aria-invalid')).toBe('false');
    expect(consent().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Please tick this box to continue.').id).toBe(
      consent().getAttribute('aria-describedby'),
    );
    // Told at the controls, not in the status.
    expect(screen.getByRole('status').textContent).toBe('');
    expect(proxy.creates()).toHaveLength(0);
    await expectNoAxeViolations(container);

    // Each problem goes as it is fixed; then the call goes with the answers.
    await user.type(name(), ' Asha ');
    expect(name().getAttribute('aria-invalid')).toBe('false');
    expect(reason().getAttribute('aria-invalid')).toBe('true');
    await user.type(note(), 'About my bill{Enter}of March');
    await user.selectOptions(reason(), 'billing');
    await user.click(consent());
    expect(screen.queryByText(/Please/)).toBeNull();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await user.click(callMe());
    await waitFor(() => expect(proxy.creates()).toHaveLength(1));
    expect(proxy.creates()[0]!.body).toEqual({
      widgetId: 'support',
      phone: '+919812345678',
      country: 'IN',
      fields: { name: 'Asha', note: 'About my bill\nof March', reason: 'billing' },
      consent: true,
    });
    // Read-only while the call is under way.
    await waitFor(() => expect(name()).toHaveProperty('readOnly', true));
    expect(reason().disabled).toBe(true);
    expect(consent()).toHaveProperty('disabled', true);
  });

  it('shows the proxy’s refusal at the field, and starts over when it is edited', async () => {
    const { user, proxy } = setup();
    await screen.findByRole('checkbox');
    await user.type(phone(), '9812345678');
    await user.type(name(), 'Asha');
    await user.selectOptions(reason(), 'sales');
    await user.click(consent());
    proxy.queues.create.push(
      problem('invalid_body', 400, {
        errors: [{ path: '/fields/note', message: 'must not contain control characters' }],
      }),
    );
    await user.click(callMe());
    await waitFor(() => expect(document.activeElement).toBe(note()));
    expect(note().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Please check this answer.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('');

    await user.type(note(), 'x');
    expect(note().getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByText('Please check this answer.')).toBeNull();
  });

  it('tells a refusal of an answer the form does not show in the status', async () => {
    const { user, proxy } = setup({}, WIDGET);
    await waitFor(() => expect(proxy.requests).toHaveLength(1));
    await user.type(phone(), '9812345678');
    proxy.queues.create.push(
      problem('invalid_body', 400, {
        errors: [{ path: '/fields/name', message: "is not one of this widget's fields" }],
      }),
    );
    await user.click(callMe());
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Calls cannot be placed from this page. Please contact us another way.',
      ),
    );
  });

  it('speaks the visitor’s language, falling back to English', async () => {
    setup({ locale: 'hi-IN' });
    await screen.findByRole('checkbox', { name: 'आप मुझे कॉल कर सकते हैं।' });
    expect(screen.getByRole('textbox', { name: 'आपका नाम' })).toBeTruthy();
    // No Hindi label given: the English one.
    expect(screen.getByRole('textbox', { name: 'What is it about?' })).toBeTruthy();
    const select = screen.getByRole('combobox', { name: 'कारण' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(['चुनें…', 'ख़रीदारी', 'Billing']);
    await userEvent.click(screen.getByRole('button', { name: 'मुझे कॉल करें' }));
    expect(await screen.findAllByText('कृपया यह भरें।')).toHaveLength(2);
    expect(screen.getByText('आगे बढ़ने के लिए यह बॉक्स चुनें।')).toBeTruthy();
  });

  it('shows neither without them', async () => {
    const { proxy } = setup({}, WIDGET);
    await waitFor(() => expect(proxy.requests).toHaveLength(1));
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.getAllByRole('textbox')).toEqual([phone()]);
  });
});
