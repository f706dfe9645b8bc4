import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { proxyFetch } from '../test/proxyFetch.js';
import { installRingback } from './install.js';
import type { RingbackCallElement } from './RingbackCallElement.js';

const proxy = proxyFetch();
beforeAll(() => {
  vi.stubGlobal('fetch', proxy.fetch);
  installRingback();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await proxy.close();
});
afterEach(() => {
  // A call kept by a test would be resumed by the next one.
  sessionStorage.clear();
  document.body.replaceChildren();
});

/** Lets queued re-renders run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function widget(attributes: Record<string, string>, parent: ParentNode = document.body) {
  const element = document.createElement('ringback-call');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  parent.append(element);
  const $ = <E extends Element = HTMLElement>(selector: string) =>
    element.shadowRoot!.querySelector<E>(selector);
  return { element, $ };
}

describe('<ringback-call>', () => {
  it('renders <ClickToCall/> in an open shadow root, from its attributes', async () => {
    const { element, $ } = widget({
      endpoint: proxy.endpoint,
      'widget-id': 'sales',
      countries: 'IN, AE',
      'default-country': 'AE',
      consent: 'We call you once.',
      theme: 'dark',
      messages: '{"submit":"Call me back"}',
    });
    await settle();
    expect(element.shadowRoot!.mode).toBe('open');
    expect($('.rb-ctc')!.dataset.theme).toBe('dark');
    expect($<HTMLSelectElement>('select')!.value).toBe('AE');
    expect([...$<HTMLSelectElement>('select')!.options].map((o) => o.value)).toEqual(['IN', 'AE']);
    expect($('.rb-ctc-note')!.textContent).toBe('We call you once.');
    expect($('button[type="submit"]')!.textContent).toBe('Call me back');
    expect($<HTMLLabelElement>('label')!.htmlFor).toBe($('input')!.id);

    element.messages = { submit: 'Ring me' }; // the property wins over the attribute
    element.setAttribute('countries', 'IN');
    await settle();
    expect($('button[type="submit"]')!.textContent).toBe('Ring me');
    expect($('select')).toBeNull();
    expect($('.rb-ctc-prefix')!.textContent).toBe('India +91');
  });

  it('exposes each part of the widget for ::part(), and no screen-reader-only helper', async () => {
    const { element, $ } = widget({
      endpoint: proxy.endpoint,
      'widget-id': 'sales',
      consent: 'Once.',
    });
    await vi.waitUntil(() => $('select')); // the widget's two countries have arrived
    const parts = [...element.shadowRoot!.querySelectorAll('[part]')].map((el) =>
      el.getAttribute('part'),
    );
    expect(parts).toEqual([
      'widget',
      'form',
      'label',
      'row',
      'select',
      'input',
      'note',
      // The expected time to the call, from the widget's ring time.
      'note',
      'button',
      'status',
    ]);
    expect(element.shadowRoot!.querySelector('.rb-ctc-sr')!.hasAttribute('part')).toBe(false);
  });

  it('renders nothing without an endpoint and a widget id, and renders once they are set', async () => {
    const { element, $ } = widget({ 'widget-id': 'sales' });
    await settle();
    expect($('.rb-ctc')).toBeNull();
    element.setAttribute('endpoint', proxy.endpoint);
    await settle();
    expect($('.rb-ctc')).not.toBeNull();
  });

  it('tells the page each status as a bubbling, composed ringback:state event, even from inside another shadow root', async () => {
    const outer = document.body.appendChild(document.createElement('div'));
    const { element, $ } = widget(
      { endpoint: proxy.endpoint, 'widget-id': 'sales', countries: 'IN' },
      outer.attachShadow({ mode: 'open' }),
    );
    const heard: { status: string; target: string }[] = [];
    document.addEventListener('ringback:state', (event) =>
      heard.push({ status: event.detail.status, target: (event.target as Element).localName }),
    );
    await settle();
    const input = $<HTMLInputElement>('input')!;
    input.value = '98123 45678';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    $<HTMLFormElement>('form')!.requestSubmit();
    await vi.waitUntil(() => heard.some((e) => e.status === 'dialing-agent'));
    expect(heard.map((e) => e.status).slice(0, 3)).toEqual([
      'validating',
      'submitting',
      'dialing-agent',
    ]);
    expect(new Set(heard.map((e) => e.target))).toEqual(new Set(['div']));
    expect(element.isConnected).toBe(true);
  });

  it('reports a failure in ringback:state as an object with its code, as @ringback/client does', async () => {
    const { $ } = widget({ endpoint: proxy.endpoint, 'widget-id': 'sales', countries: 'IN' });
    const errors: unknown[] = [];
    document.addEventListener('ringback:state', (event) => {
      if (event.detail.status === 'error') errors.push(event.detail.error);
    });
    await settle();
    const input = $<HTMLInputElement>('input')!;
    input.value = '12345';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    $<HTMLFormElement>('form')!.requestSubmit();
    await vi.waitUntil(() => errors.length > 0);
    expect(errors[0]).toEqual({
      code: 'invalid_phone',
      message: expect.any(String),
      status: null,
      retryAt: null,
      nextOpening: null,
    });
  });

  it('keeps its state when moved, and ends its session when removed', async () => {
    const { element, $ } = widget({
      endpoint: proxy.endpoint,
      'widget-id': 'sales',
      countries: 'IN',
    });
    await settle();
    const input = $<HTMLInputElement>('input')!;
    input.value = '98123';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    document.body.prepend(document.createElement('p'), element);
    await settle();
    expect($<HTMLInputElement>('input')).toBe(input);
    expect(input.value).toBe('98123');
    element.remove();
    await settle();
    expect(element.shadowRoot!.querySelector('.rb-ctc')).toBeNull();
  });

  it('focus() goes to the phone number', async () => {
    const { element, $ } = widget({
      endpoint: proxy.endpoint,
      'widget-id': 'sales',
      countries: 'IN',
    });
    await settle();
    (element as RingbackCallElement).focus();
    expect(element.shadowRoot!.activeElement).toBe($('input'));
  });
});
