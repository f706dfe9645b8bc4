import type { Widget } from '@ringback/client';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { StrictMode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CALL_ID,
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
  // A call kept by an earlier test would be resumed.
  sessionStorage.clear();
  FakeEventSource.instances = [];
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const MULTI: Widget = { ...WIDGET, countries: ['IN', 'AE', 'GB'], defaultCountry: 'IN' };

function setup(
  props: Partial<ClickToCallProps> = {},
  widget: Parameters<typeof fakeProxy>[0] = WIDGET,
) {
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
  const input = () => screen.getByLabelText('Your phone number') as HTMLInputElement;
  const submit = () => screen.getByRole('button', { name: /Call me|Calling/ });
  const status = () => screen.getByRole('status');
  const loaded = () => waitFor(() => expect(proxy.requests.length).toBeGreaterThan(0));
  /** Types a number and presses Call me, with the proxy accepting the call as `state`. */
  const place = async (
    state: Parameters<typeof call>[0] = 'dialing-agent',
    number = '9812345678',
  ) => {
    proxy.queues.create.push(json(call(state), 202));
    await user.type(input(), number);
    await user.click(submit());
    await waitFor(() => expect(proxy.creates()).toHaveLength(1));
  };
  const emit = (state: Parameters<typeof call>[0], id: string, extra = {}) =>
    act(() => FakeEventSource.last.emit(call(state, extra), id));
  return { ...view, proxy, user, input, submit, status, loaded, place, emit };
}

describe('<ClickToCall/>: the form', () => {
  it('labels every control and formats the number as it is typed', async () => {
    const { input, user, loaded, container } = setup();
    await loaded();
    expect(screen.getByText('+91')).toBeTruthy();
    await user.type(input(), '9812345678');
    expect(input().value).toBe('98123 45678');
    expect(input()).toHaveProperty('type', 'tel');
    expect(input().getAttribute('autocomplete')).toBe('tel');
    expect(input().getAttribute('dir')).toBe('ltr');
    await expectNoAxeViolations(container);
  });

  it('deletes the digit before a space on backspace', async () => {
    const { input, user } = setup();
    await user.type(input(), '981234');
    expect(input().value).toBe('98123 4');
    await user.type(input(), '{Backspace}{Backspace}');
    expect(input().value).toBe('9812');
  });

  it('offers only the widget’s countries, named in the visitor’s language', async () => {
    const { loaded, user, input } = setup({}, MULTI);
    await loaded();
    const select = (await screen.findByLabelText('Country')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual([
      'India +91',
      'United Arab Emirates',
      'United Kingdom',
    ]);
    await user.selectOptions(select, 'GB');
    expect(select.value).toBe('GB');
    // Pasting a +91 number selects India again.
    await user.type(input(), '+919812345678');
    expect(select.value).toBe('IN');
    expect(input().value).toBe('+91 98123 45678');
  });

  it('narrows the countries prop to the widget’s countries', async () => {
    setup({ countries: ['GB', 'US', 'IN'] }, MULTI);
    const select = (await screen.findByLabelText('Country')) as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.value)).toEqual(['GB', 'IN']));
  });

  it('shows consent text', () => {
    setup({ consent: 'We call you once about your enquiry.' });
    expect(screen.getByText('We call you once about your enquiry.')).toBeTruthy();
  });

  it('shows an invalid number inline after blur, and focuses it on submit', async () => {
    const { input, user, submit, proxy, container, loaded } = setup();
    await loaded();
    await user.type(input(), '98123');
    await user.tab();
    expect(input().getAttribute('aria-invalid')).toBe('true');
    const error = screen.getByText('This number is too short.');
    expect(input().getAttribute('aria-describedby')).toBe(error.id);
    await user.click(submit());
    await waitFor(() => expect(document.activeElement).toBe(input()));
    expect(proxy.creates()).toHaveLength(0);
    await expectNoAxeViolations(container);
    // Typing again clears the refusal.
    await user.type(input(), '45678');
    expect(input().getAttribute('aria-invalid')).toBe('false');
  });
});

describe('<ClickToCall/>: a call', () => {
  it('walks the visitor through the call in a live region', async () => {
    const { place, emit, status, submit, container } = setup();
    await place();
    await waitFor(() => expect(status().textContent).toMatch(/Calling our team/));
    expect(status().getAttribute('aria-live')).toBe('polite');
    expect(submit().getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByText('Calling us').getAttribute('aria-current')).toBe('step');
    await expectNoAxeViolations(container);

    emit('dialing-you', '2');
    expect(status().textContent).toBe('Your phone is ringing: please pick up.');
    expect(screen.getByText('Calling you').getAttribute('aria-current')).toBe('step');
    await expectNoAxeViolations(container);

    emit('connected', '3');
    expect(status().textContent).toBe('You are connected.');
    expect(screen.getByText('Connected').getAttribute('aria-current')).toBe('step');
    await expectNoAxeViolations(container);

    emit('completed', '4');
    expect(status().textContent).toBe('Call ended (0:41). Thank you!');
    expect(screen.queryByRole('list')).toBeNull();
    // A thank-you and one way back; neither "Try again" nor a second "Call me".
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Call again'));
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Call again']);
    await expectNoAxeViolations(container);
  });

  it('names the agent it tries, and says so when it tries another one', async () => {
    const { place, emit, status, container } = setup();
    await place();
    emit('dialing-agent', '2', { attempt: 1, maxAttempts: 3, agentName: 'Priya' });
    expect(status().textContent).toBe('Trying Priya…');
    emit('dialing-agent', '3', { attempt: 2, maxAttempts: 3, agentName: null });
    expect(status().textContent).toBe('Trying another colleague…');
    expect(screen.getByText('Calling us').getAttribute('aria-current')).toBe('step');
    await expectNoAxeViolations(container);
    emit('dialing-agent', '4', { attempt: 3, maxAttempts: 3, agentName: 'Arjun' });
    expect(status().textContent).toBe('Trying Arjun…');
  });

  it('tells the next attempt in Hindi too', async () => {
    const { proxy, user, emit, status } = setup({ locale: 'hi' });
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await user.type(screen.getByLabelText('आपका फ़ोन नंबर'), '9812345678');
    await user.click(screen.getByRole('button', { name: 'मुझे कॉल करें' }));
    await waitFor(() => expect(proxy.creates()).toHaveLength(1));
    emit('dialing-agent', '2', { attempt: 2, maxAttempts: 3 });
    expect(status().textContent).toBe('किसी दूसरे सहयोगी को कॉल कर रहे हैं…');
    emit('dialing-agent', '3', { attempt: 3, maxAttempts: 3, agentName: 'प्रिया' });
    expect(status().textContent).toBe('प्रिया को कॉल कर रहे हैं…');
  });

  it.each([
    ['not-answered', 'We called but could not reach you. Try again when you can answer.'],
    ['busy', 'Your line was busy. Try again when it is free.'],
    ['failed', 'The call did not go through. Please try again.'],
    ['canceled', 'The call was canceled.'],
  ] as const)('ends in %s with a retry that places a new call', async (ending, text) => {
    const { place, emit, status, user, proxy, container } = setup();
    await place();
    emit(ending, '2');
    expect(status().textContent).toBe(text);
    // One next step: the form's own "Call me" gives way to it.
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Try again']);
    const retry = screen.getByRole('button', { name: 'Try again' });
    await waitFor(() => expect(document.activeElement).toBe(retry));
    await expectNoAxeViolations(container);

    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await user.click(retry);
    await waitFor(() => expect(proxy.creates()).toHaveLength(2));
    expect(proxy.creates()[1]!.headers.get('Idempotency-Key')).not.toBe(
      proxy.creates()[0]!.headers.get('Idempotency-Key'),
    );
  });

  it('ends in ended with a neutral message and no retry', async () => {
    const { place, emit, status, container } = setup();
    await place();
    emit('ended', '2');
    expect(status().textContent).toBe('The call has ended.');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Call again'));
    await expectNoAxeViolations(container);
  });

  it('ends in agent-unavailable honestly, without a retry that would fail the same way', async () => {
    const { place, emit, status, container } = setup();
    await place();
    emit('agent-unavailable', '2', { attempt: 0 });
    expect(status().textContent).toBe(
      'Sorry, none of our team could take your call just now. Please contact us later.',
    );
    expect(screen.queryAllByRole('button')).toEqual([]);
    await waitFor(() => expect(document.activeElement).toBe(status()));
    await expectNoAxeViolations(container);
  });

  it('goes back to the form with “Call again”, the number kept', async () => {
    const { place, emit, user, input, status, submit } = setup();
    await place();
    emit('completed', '2');
    await user.click(screen.getByRole('button', { name: 'Call again' }));
    expect(status().textContent).toBe('');
    expect(document.activeElement).toBe(input());
    expect(input().value).toBe('98123 45678');
    expect(submit().getAttribute('aria-disabled')).toBeNull();
  });

  it('shows submitting while the call is being placed', async () => {
    const { user, input, submit, proxy, status, container } = setup();
    let answer: (r: Response) => void = () => {};
    proxy.queues.create.push(() => new Promise<Response>((resolve) => (answer = resolve)));
    await user.type(input(), '9812345678');
    await user.click(submit());
    await waitFor(() => expect(status().textContent).toBe('Placing your call…'));
    expect(submit().textContent).toBe('Calling…');
    expect(submit().getAttribute('aria-disabled')).toBe('true');
    expect(input().readOnly).toBe(true);
    await expectNoAxeViolations(container);
    // A second press while submitting places nothing.
    await user.click(submit());
    answer(json(call('requested'), 202));
    await waitFor(() => expect(status().textContent).toBe('Connecting…'));
    expect(proxy.creates()).toHaveLength(1);
  });

  it('offers cancel while waiting for verification', async () => {
    let solve: (token: string) => void = () => {};
    const { user, input, submit, proxy, status, container, loaded } = setup(
      { getVerificationToken: () => new Promise<string>((resolve) => (solve = resolve)) },
      { ...WIDGET, verification: { provider: 'turnstile', siteKey: 'site', when: 'always' } },
    );
    await loaded();
    await user.type(input(), '9812345678');
    await user.click(submit());
    await waitFor(() => expect(status().textContent).toBe('Checking…'));
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(status().textContent).toBe('');
    solve('late');
    expect(proxy.creates()).toHaveLength(0);
  });
});

describe('<ClickToCall/>: refusals say what to do', () => {
  const refused = async (response: Response, widget: Widget = WIDGET) => {
    const ctx = setup({}, widget);
    await ctx.loaded();
    ctx.proxy.queues.create.push(response);
    await ctx.user.type(ctx.input(), '9812345678');
    await ctx.user.click(ctx.submit());
    await waitFor(() => expect(ctx.proxy.creates()).toHaveLength(1));
    await waitFor(() => expect(ctx.container.querySelector('[data-status=error]')).not.toBeNull());
    return ctx;
  };

  it('rate_limited: the time to retry, and no retry before it', async () => {
    const { status, submit, container } = await refused(
      problem(
        'rate_limited',
        429,
        { retryAfterSeconds: 120, limit: 'number' },
        { 'Retry-After': '120' },
      ),
    );
    // A wait, not a clock time in a time zone the visitor may not think in.
    expect(status().textContent).toBe('Too many requests. Try again in about 2 minutes.');
    expect(submit().getAttribute('aria-disabled')).toBe('true');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('closed: the next opening in the visitor’s locale', async () => {
    const { status, container } = await refused(
      problem('closed', 403, { nextOpening: '2026-11-28T03:30:00.000Z' }),
    );
    // (The widget has no time zone here: the visitor's own, so none is named.)
    const when = new Intl.DateTimeFormat('en', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
    }).format(new Date('2026-11-28T03:30:00.000Z'));
    expect(status().textContent).toBe(`We are closed. We take calls again from ${when}.`);
    await expectNoAxeViolations(container);
  });

  it('closed widget: says so before anything is typed', async () => {
    const { status, loaded, container, submit } = setup(
      {},
      { ...WIDGET, open: false, nextOpening: '2099-11-28T03:30:00.000Z', timeZone: 'Asia/Kolkata' },
    );
    await loaded();
    await waitFor(() => expect(status().textContent).toMatch(/^We are closed\./));
    expect(submit().getAttribute('aria-disabled')).toBe('true');
    await expectNoAxeViolations(container);
  });

  it('verification required', async () => {
    const { status, container } = await refused(problem('verification_required', 403));
    expect(status().textContent).toBe('Please complete the verification and try again.');
    await expectNoAxeViolations(container);
  });

  it('server unreachable: a retry with the same Idempotency-Key', async () => {
    const { status, container, user, proxy } = await refused(
      new Response('<html>Bad gateway</html>', { status: 502 }),
    );
    expect(status().textContent).toBe('We cannot place calls right now. Try again in a moment.');
    await expectNoAxeViolations(container);
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(proxy.creates()).toHaveLength(2));
    const [a, b] = proxy.creates();
    expect(b!.headers.get('Idempotency-Key')).toBe(a!.headers.get('Idempotency-Key'));
  });

  it('number_type_not_allowed: told at the number, which gets the focus', async () => {
    const { input, container } = await refused(problem('number_type_not_allowed', 422));
    expect(
      screen.getByText('We cannot call this kind of number. Use a mobile or landline.'),
    ).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(input()));
    expect(input().getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(container);
  });

  it('a misconfigured widget', async () => {
    const { status, loaded, container } = setup({}, problem('widget_not_found', 404));
    await loaded();
    await waitFor(() =>
      expect(status().textContent).toBe(
        'Calls cannot be placed from this page. Please contact us another way.',
      ),
    );
    await expectNoAxeViolations(container);
  });

  it('network down while loading: retry loads again', async () => {
    const { status, loaded, user, proxy, container } = setup({}, new TypeError('Failed to fetch'));
    await loaded();
    await waitFor(() => expect(status().textContent).toMatch(/Cannot reach the call service/));
    await expectNoAxeViolations(container);
    proxy.queues.widget.push(json(WIDGET));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(status().textContent).toBe(''));
  });
});

const changes: string[] = [];

/** A page that owns the number (a controlled field). */
function Page() {
  const [value, setValue] = useState('98');
  return (
    <>
      <ClickToCall
        endpoint={ENDPOINT}
        widgetId="support"
        fetch={fakeProxy().fetch}
        locale="en"
        value={value}
        onValueChange={(next) => {
          changes.push(next);
          setValue(next);
        }}
      />
      <span data-testid="mirror">{value}</span>
    </>
  );
}

describe('<ClickToCall/>: integration with the page', () => {
  it('supports a controlled value', async () => {
    changes.length = 0;
    const user = userEvent.setup();
    render(<Page />);
    const input = screen.getByLabelText('Your phone number') as HTMLInputElement;
    expect(input.value).toBe('98');
    await user.type(input, '1234');
    expect(input.value).toBe('98123 4');
    expect(changes.at(-1)).toBe('98123 4');
    expect(screen.getByTestId('mirror').textContent).toBe('98123 4');
  });

  it('takes an uncontrolled default value and country', async () => {
    setup({ defaultValue: '07400 123456', defaultCountry: 'GB' }, { ...MULTI });
    const select = (await screen.findByLabelText('Country')) as HTMLSelectElement;
    expect(select.value).toBe('GB');
    expect((screen.getByLabelText('Your phone number') as HTMLInputElement).value).toBe(
      '07400 123456',
    );
  });

  it('reports every transition and the ending once', async () => {
    const onStateChange = vi.fn();
    const onCallEnded = vi.fn();
    const { place, emit } = setup({ onStateChange, onCallEnded });
    await place();
    emit('dialing-you', '2');
    emit('completed', '3');
    expect(onStateChange.mock.calls.map(([status]) => status)).toEqual([
      'validating',
      'submitting',
      'dialing-agent',
      'dialing-you',
      'completed',
    ]);
    expect(onCallEnded).toHaveBeenCalledTimes(1);
    expect(onCallEnded).toHaveBeenCalledWith(
      expect.objectContaining({ state: 'completed', conversationSeconds: 41 }),
    );
    expect(onCallEnded.mock.calls[0]![0].call.id).toBe(CALL_ID);
  });

  it('places one call under StrictMode', async () => {
    const proxy = fakeProxy();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    const user = userEvent.setup();
    render(
      <StrictMode>
        <ClickToCall
          endpoint={ENDPOINT}
          widgetId="support"
          fetch={proxy.fetch}
          EventSource={FakeEventSource as unknown as typeof EventSource}
          locale="en"
        />
      </StrictMode>,
    );
    await user.type(screen.getByLabelText('Your phone number'), '9812345678');
    await user.click(screen.getByRole('button', { name: 'Call me' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Calling our team/));
    expect(proxy.creates()).toHaveLength(1);
    expect(proxy.requests.filter((r) => r.url.includes('/widgets/'))).toHaveLength(1);
    act(() => FakeEventSource.last.emit(call('dialing-you'), '2'));
    expect(screen.getByRole('status').textContent).toMatch(/ringing/);
  });
});

describe('<ClickToCall/>: language, theme and direction', () => {
  it('speaks Hindi with locale="hi-IN"', async () => {
    const { loaded, container } = setup({ locale: 'hi-IN' }, MULTI);
    await loaded();
    expect(screen.getByRole('button', { name: 'मुझे कॉल करें' })).toBeTruthy();
    const select = (await screen.findByLabelText('देश')) as HTMLSelectElement;
    expect(select.options[0]!.text).toBe('भारत +91');
    expect(container.firstElementChild!.getAttribute('lang')).toBe('hi-IN');
    await expectNoAxeViolations(container);
  });

  it('follows navigator.language when no locale is given', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('hi-IN');
    setup({ locale: undefined });
    expect(screen.getByLabelText('आपका फ़ोन नंबर')).toBeTruthy();
    vi.restoreAllMocks();
  });

  it('follows the page’s lang first, as it changes, then the browser', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-GB');
    document.documentElement.lang = 'hi-IN';
    try {
      setup({ locale: undefined });
      expect(screen.getByLabelText('आपका फ़ोन नंबर')).toBeTruthy();
      document.documentElement.lang = 'en';
      await screen.findByLabelText('Your phone number');
    } finally {
      document.documentElement.removeAttribute('lang');
      vi.restoreAllMocks();
    }
  });

  it('theme="auto" follows the page’s color-scheme first, then the OS', async () => {
    const meta = document.head.appendChild(document.createElement('meta'));
    meta.name = 'color-scheme';
    meta.content = 'dark';
    try {
      const { container } = setup();
      const root = container.firstElementChild as HTMLElement;
      await waitFor(() => expect(root.dataset.theme).toBe('dark'));
      meta.content = 'light';
      document.documentElement.className = 'light'; // a site's theme switch
      await waitFor(() => expect(root.dataset.theme).toBe('light'));
      meta.content = 'light dark'; // both: the visitor's OS decides, in CSS
      document.documentElement.className = '';
      await waitFor(() => expect(root.dataset.theme).toBe('auto'));
    } finally {
      meta.remove();
    }
  });

  it('lets the page and the server override any text', async () => {
    const { loaded } = setup(
      { messages: { phone: 'Mobile number' } },
      { ...WIDGET, labels: { button: 'Call me back' } },
    );
    await loaded();
    expect(screen.getByLabelText('Mobile number')).toBeTruthy();
    await screen.findByRole('button', { name: 'Call me back' });
  });

  it('themes through attributes and custom properties, with a scoped stylesheet', () => {
    // (The CSP nonce is checked in the server-rendering test: React inserts the
    // stylesheet once per document, so here it may come from an earlier test.)
    const { container } = setup({
      theme: 'dark',
      dir: 'rtl',
      className: 'site-widget',
      style: { '--ringback-accent': '#7b1fa2' },
    });
    const root = container.firstElementChild as HTMLElement;
    expect(root.className).toBe('rb-ctc site-widget');
    expect(root.dataset.theme).toBe('dark');
    expect(root.getAttribute('dir')).toBe('rtl');
    expect(root.style.getPropertyValue('--ringback-accent')).toBe('#7b1fa2');
    const style = document.querySelector(
      'style[data-href="ringback-click-to-call"]',
    ) as HTMLStyleElement;
    for (const rule of style.textContent!.match(/(^|\})[^{}@]+\{/g)!) {
      expect(rule).toMatch(/rb-ctc/);
    }
    expect(style.textContent).toContain('prefers-reduced-motion');
    expect(style.textContent).toContain('prefers-color-scheme:dark');
  });

  it('leaves the stylesheet out when unstyled', () => {
    cleanup();
    document.head.innerHTML = '';
    setup({ unstyled: true });
    expect(document.querySelector('style[data-href="ringback-click-to-call"]')).toBeNull();
  });

  it('keeps phone digits left to right in an RTL page', async () => {
    const { input, user, container } = setup({ dir: 'rtl' });
    await user.type(input(), '9812345678');
    expect(input().getAttribute('dir')).toBe('ltr');
    expect(within(container).getByText('+91')).toBeTruthy();
    await expectNoAxeViolations(container);
  });
});
