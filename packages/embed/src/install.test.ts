import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { proxyFetch } from '../test/proxyFetch.js';
import { installRingback } from './install.js';
import { loaderSnippet } from './loaderSnippet.js';
import type { RingbackApi } from './types.js';

const proxy = proxyFetch();
beforeAll(() => {
  vi.stubGlobal('fetch', proxy.fetch);
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await proxy.close();
});
afterEach(() => {
  // A call kept by a test would be resumed by the next one.
  sessionStorage.clear();
  window.Ringback?.destroy?.();
  document.body.replaceChildren();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const launcherRoot = () => document.querySelector('ringback-launcher')!.shadowRoot!;
const launcherButton = () => launcherRoot().querySelector<HTMLButtonElement>('.rb-launcher')!;

/** Runs the loader snippet's inline script here, as a page would; returns the script it added. */
function runSnippet(): HTMLScriptElement {
  const html = loaderSnippet({
    src: '/ringback.js',
    data: { endpoint: proxy.endpoint, widgetId: 'sales' },
  });
  new Function(html.replace(/^<script>|<\/script>$/g, ''))();
  return document.querySelector<HTMLScriptElement>('script[src="/ringback.js"]')!;
}

describe('window.Ringback', () => {
  it('replays what the page queued before the script loaded, after showing the button its script asks for', async () => {
    Reflect.deleteProperty(window, 'Ringback');
    const loaded = runSnippet();
    const opened: unknown[] = [];
    window.Ringback.on('open', (detail) => opened.push(detail));
    window.Ringback.open();
    expect(document.querySelector('ringback-launcher')).toBeNull();

    const api = installRingback(loaded);
    loaded.remove();
    expect(window.Ringback).toBe(api);
    expect(api.version).toBe('0.0.0-test');
    expect(launcherButton().getAttribute('aria-expanded')).toBe('true');
    expect(opened).toEqual([{ widgetId: 'sales' }]);
    await tick();
    expect(deepActiveElement()).toMatchObject({ name: 'phone' });
  });

  it('is installed once: a second copy of the script keeps the API and the element, and only re-applies its settings', () => {
    const api = installRingback();
    const define = vi.spyOn(customElements, 'define');
    const script = document.createElement('script');
    Object.assign(script.dataset, {
      endpoint: proxy.endpoint,
      widgetId: 'sales',
      label: 'Talk to us',
    });
    expect(installRingback(script)).toBe(api);
    expect(installRingback(script)).toBe(api);
    expect(define).not.toHaveBeenCalled();
    expect(document.querySelectorAll('ringback-launcher')).toHaveLength(1);
    expect(launcherButton().textContent).toBe('Talk to us');
    define.mockRestore();
  });

  it('init() is idempotent and updates the button; destroy() removes it; init() needs an endpoint and a widget', () => {
    const api = installRingback();
    api.init({ endpoint: proxy.endpoint, widgetId: 'sales' });
    const host = document.querySelector('ringback-launcher');
    api.init({ endpoint: proxy.endpoint, widgetId: 'sales', position: 'left', label: 'Ring me' });
    expect(document.querySelectorAll('ringback-launcher')).toHaveLength(1);
    expect(document.querySelector('ringback-launcher')).toBe(host);
    expect(launcherRoot().querySelector('.rb-root')!.getAttribute('data-position')).toBe('left');
    expect(launcherButton().textContent).toBe('Ring me');

    api.destroy();
    expect(document.querySelector('ringback-launcher')).toBeNull();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    api.init({ endpoint: '', widgetId: 'sales' } as never);
    expect(error).toHaveBeenCalledOnce();
    expect(document.querySelector('ringback-launcher')).toBeNull();
    error.mockRestore();
  });

  it('open() and close() toggle the panel, tell the page, and move the focus in and back out', async () => {
    const api = installRingback();
    api.init({ endpoint: proxy.endpoint, widgetId: 'sales' });
    const seen: string[] = [];
    api.on('ringback:open', (detail, event) => seen.push(`${event.type} ${detail.widgetId}`));
    api.on('close', (detail) => seen.push(`close ${detail.widgetId}`));
    const panel = launcherRoot().querySelector<HTMLElement>('[role="dialog"]')!;
    expect(panel.hidden).toBe(true);

    launcherButton().focus();
    api.open();
    expect(panel.hidden).toBe(false);
    expect(launcherButton().getAttribute('aria-expanded')).toBe('true');
    expect(deepActiveElement()).toMatchObject({ name: 'phone' });
    api.open(); // already open: nothing new
    api.close();
    expect(panel.hidden).toBe(true);
    expect(deepActiveElement()).toBe(launcherButton());
    expect(seen).toEqual(['ringback:open sales', 'close sales']);
  });

  it('on() hears every widget on the page, returns its own off, and off() stops it', () => {
    const api = installRingback();
    const heard: string[] = [];
    const listener = (detail: { status: string }) => heard.push(detail.status);
    const stop = api.on('state', listener);
    api.on('state', listener); // the same listener twice is one listener
    const element = document.body.appendChild(document.createElement('div'));
    const fire = (status: string) =>
      element.dispatchEvent(
        new CustomEvent('ringback:state', { detail: { status }, bubbles: true, composed: true }),
      );
    fire('dialing-agent');
    stop();
    fire('connected');
    const again = api.on('state', listener);
    api.off('ringback:state', listener);
    fire('completed');
    again();
    expect(heard).toEqual(['dialing-agent']);
  });

  it('setLocale() switches the language of every widget without its own, and back', async () => {
    const api: RingbackApi = installRingback();
    api.init({ endpoint: proxy.endpoint, widgetId: 'sales' });
    const inline = document.body.appendChild(document.createElement('ringback-call'));
    inline.setAttribute('endpoint', proxy.endpoint);
    inline.setAttribute('widget-id', 'sales');
    const english = document.body.appendChild(document.createElement('ringback-call'));
    for (const [name, value] of [
      ['endpoint', proxy.endpoint],
      ['widget-id', 'sales'],
      ['locale', 'en'],
    ]) {
      english.setAttribute(name!, value!);
    }
    const label = (el: Element) => el.shadowRoot!.querySelector('.rb-ctc-label')!.textContent;
    await tick();
    api.setLocale('hi-IN');
    await tick();
    expect(launcherButton().textContent).toBe('मुझे कॉल करें');
    expect(launcherRoot().querySelector('.rb-close')!.getAttribute('aria-label')).toBe('बंद करें');
    expect(label(inline)).toBe('आपका फ़ोन नंबर');
    expect(label(english)).toBe('Your phone number');
    api.setLocale(undefined);
    await tick();
    expect(label(inline)).toBe('Your phone number');
    expect(launcherButton().textContent).toBe('Call me');
  });

  it('follows the page’s lang and color-scheme as they change, for the button and the widget', async () => {
    const api: RingbackApi = installRingback();
    api.init({ endpoint: proxy.endpoint, widgetId: 'sales' });
    const html = document.documentElement;
    const meta = document.head.appendChild(document.createElement('meta'));
    meta.name = 'color-scheme';
    meta.content = 'dark';
    try {
      html.lang = 'hi';
      await tick();
      expect(launcherButton().textContent).toBe('मुझे कॉल करें');
      expect(launcherRoot().querySelector('.rb-root')!.getAttribute('data-theme')).toBe('dark');
      const widget = launcherRoot().querySelector('ringback-call')!.shadowRoot!;
      await vi.waitUntil(
        () => widget.querySelector('.rb-ctc-label')?.textContent === 'आपका फ़ोन नंबर',
      );
      expect(widget.querySelector('.rb-ctc')!.getAttribute('data-theme')).toBe('dark');
      html.lang = 'en';
      await tick();
      expect(launcherButton().textContent).toBe('Call me');
    } finally {
      html.removeAttribute('lang');
      meta.remove();
    }
  });
});

/** The focused element, looking inside open shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
