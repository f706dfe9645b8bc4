import { createRingback } from './createRingback.js';
import { RingbackCallElement } from './RingbackCallElement.js';
import type { RingbackApi, RingbackOptions } from './types.js';

/** What the loader snippet leaves on `window.Ringback` until the script arrives. */
interface RingbackStub {
  q?: [keyof RingbackApi, unknown[]][];
  version?: string;
}

/**
 * Defines `<ringback-call>`, puts the API on `window.Ringback` and replays the calls
 * the loader snippet queued, then shows the floating button if `script` says so.
 * Idempotent: a second copy of the script (or a second call) only applies its own
 * `data-*` attributes to the API already there.
 */
export function installRingback(script?: HTMLOrSVGScriptElement | null): RingbackApi {
  if (!customElements.get('ringback-call')) {
    customElements.define('ringback-call', RingbackCallElement);
  }
  const w = window as unknown as { Ringback?: RingbackApi & RingbackStub };
  let api = w.Ringback;
  let queue: RingbackStub['q'] = [];
  if (!api?.version) {
    queue = api?.q ?? [];
    api = w.Ringback = createRingback() as RingbackApi & RingbackStub;
  }
  const data = (script as HTMLScriptElement | null)?.dataset;
  if (data?.endpoint && data.widgetId) api.init(optionsFrom(data));
  for (const [method, args] of queue) {
    // biome-ignore lint/suspicious/noExplicitAny: replaying whatever the page called.
    (api[method] as (...a: any[]) => unknown)?.(...args);
  }
  return api;
}

/** The script tag's `data-*` attributes as `init()` options. */
export function optionsFrom(data: DOMStringMap): RingbackOptions {
  return {
    endpoint: data.endpoint!,
    widgetId: data.widgetId!,
    locale: data.locale,
    theme: data.theme as RingbackOptions['theme'],
    position: data.position as RingbackOptions['position'],
    label: data.label,
    consent: data.consent,
    countries: data.countries,
    defaultCountry: data.defaultCountry,
  };
}
