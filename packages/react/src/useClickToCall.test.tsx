import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  call,
  ENDPOINT,
  FakeEventSource,
  fakeProxy,
  json,
} from '../../../test/support/fakeProxy.js';
import { expectNoAxeViolations } from './test/axe.js';
import { type UseClickToCallOptions, useClickToCall } from './useClickToCall.js';

beforeEach(() => {
  // A call kept by an earlier test would be resumed.
  sessionStorage.clear();
  FakeEventSource.instances = [];
});
afterEach(cleanup);

/** A page's own markup, with the behaviour from the hook's prop bags. */
function CustomWidget(options: UseClickToCallOptions) {
  const c = useClickToCall(options);
  return (
    <form {...c.formProps}>
      <label htmlFor={c.countrySelectProps.id}>{c.messages.country}</label>
      <select {...c.countrySelectProps}>
        {c.countries.map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
          </option>
        ))}
      </select>
      <label htmlFor={c.phoneInputProps.id}>{c.messages.phone}</label>
      <input {...c.phoneInputProps} />
      {c.phoneError && <span {...c.phoneErrorProps}>{c.phoneError}</span>}
      <button {...c.submitButtonProps}>{c.isBusy ? 'Wait' : 'Ring me'}</button>
      <p {...c.statusProps}>{c.statusText}</p>
      {c.canRetry && (
        <button ref={c.actionRef} {...c.retryButtonProps}>
          Again
        </button>
      )}
      <output data-testid="state">{`${c.status}|${c.isLive}|${c.isEnded}|${c.tone}|${c.phone.e164}`}</output>
    </form>
  );
}

describe('useClickToCall', () => {
  it('gives a custom UI the whole flow through prop bags', async () => {
    const proxy = fakeProxy();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    const user = userEvent.setup();
    const { container } = render(
      <CustomWidget
        endpoint={ENDPOINT}
        widgetId="support"
        fetch={proxy.fetch}
        EventSource={FakeEventSource as unknown as typeof EventSource}
        locale="en"
      />,
    );
    const state = () => screen.getByTestId('state').textContent;
    await user.type(screen.getByLabelText('Your phone number'), '098123 45678');
    expect(state()).toBe('idle|false|false|info|+919812345678');
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole('button', { name: 'Ring me' }));
    await waitFor(() => expect(state()).toBe('dialing-agent|true|false|info|+919812345678'));
    expect(proxy.creates()[0]!.body).toEqual({
      widgetId: 'support',
      phone: '+919812345678',
      country: 'IN',
      // The page it was on (jsdom's), with the widget's default `collectContext`.
      context: { pageUrl: 'http://localhost:3000/' },
    });

    act(() => FakeEventSource.last.emit(call('not-answered'), '2'));
    expect(state()).toMatch(/^not-answered\|false\|true\|error/);
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Again' })),
    );
    await expectNoAxeViolations(container);
  });

  it('makes a new session when the widget changes', async () => {
    const proxy = fakeProxy();
    const { rerender } = render(
      <CustomWidget endpoint={ENDPOINT} widgetId="support" fetch={proxy.fetch} />,
    );
    await waitFor(() => expect(proxy.requests).toHaveLength(1));
    rerender(<CustomWidget endpoint={ENDPOINT} widgetId="sales" fetch={proxy.fetch} />);
    await waitFor(() =>
      expect(proxy.requests.map((r) => r.url.split('/').at(-1))).toEqual(['support', 'sales']),
    );
  });

  it('formats and checks numbers with the phone rules it is given', async () => {
    const { AE } = await import('@ringback/client/phone-rules');
    const user = userEvent.setup();
    render(
      <CustomWidget
        endpoint={ENDPOINT}
        widgetId="support"
        fetch={
          fakeProxy({
            id: 'support',
            countries: ['AE'],
            defaultCountry: 'AE',
            numberTypes: ['mobile'],
            open: true,
            nextOpening: null,
            closesAt: null,
            timeZone: null,
            verification: null,
            labels: {},
          }).fetch
        }
        defaultCountry="AE"
        countries={['AE']}
        phoneRules={{ AE }}
      />,
    );
    await user.type(screen.getByLabelText(/phone/i), '0501234567');
    expect((screen.getByLabelText(/phone/i) as HTMLInputElement).value).toBe('050 123 4567');
    expect(screen.getByTestId('state').textContent).toMatch(/\+971501234567$/);
  });
});
