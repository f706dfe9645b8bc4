import { Launcher } from './Launcher.js';
import { setPageLocale } from './pageLocale.js';
import type { RingbackApi, RingbackEventName, RingbackListener } from './types.js';

declare const __RINGBACK_VERSION__: string;

type AnyListener = RingbackListener<RingbackEventName>;

/** The `window.Ringback` API over this script's widgets. */
export function createRingback(): RingbackApi {
  let launcher: Launcher | undefined;
  // open() before the button exists (a queued call, a second script without data-*).
  let openWhenReady = false;
  const listening = new Map<string, Map<AnyListener, EventListener>>();
  const typeOf = (event: string) => (event.startsWith('ringback:') ? event : `ringback:${event}`);

  const api: RingbackApi = {
    version: __RINGBACK_VERSION__,
    init(options) {
      if (!options?.endpoint || !options.widgetId) {
        console.error('[ringback] init() needs an endpoint and a widgetId');
        return;
      }
      launcher ??= new Launcher();
      launcher.configure(options);
      if (openWhenReady) launcher.setOpen(true);
      openWhenReady = false;
    },
    open() {
      if (launcher) launcher.setOpen(true);
      else openWhenReady = true;
    },
    close() {
      openWhenReady = false;
      launcher?.setOpen(false);
    },
    on(event, listener) {
      const type = typeOf(event);
      const byListener = listening.get(type) ?? new Map();
      listening.set(type, byListener);
      if (!byListener.has(listener as AnyListener)) {
        const wrapped = (e: Event) =>
          (listener as AnyListener)((e as CustomEvent).detail, e as CustomEvent);
        byListener.set(listener as AnyListener, wrapped);
        document.addEventListener(type, wrapped);
      }
      return () => api.off(event, listener);
    },
    off(event, listener) {
      const type = typeOf(event);
      const wrapped = listening.get(type)?.get(listener as AnyListener);
      if (!wrapped) return;
      document.removeEventListener(type, wrapped);
      listening.get(type)!.delete(listener as AnyListener);
    },
    setLocale(locale) {
      setPageLocale(locale);
    },
    destroy() {
      openWhenReady = false;
      launcher?.destroy();
      launcher = undefined;
    },
  };
  return api;
}
