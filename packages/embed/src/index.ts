import { installRingback } from './install.js';
import type { RingbackCallElement } from './RingbackCallElement.js';
import type { RingbackApi, RingbackEventMap } from './types.js';

export { installRingback } from './install.js';
export {
  type LoaderSnippetData,
  type LoaderSnippetOptions,
  loaderSnippet,
  QUEUED_METHODS,
} from './loaderSnippet.js';
export { LAUNCHER_PARTS, WIDGET_PARTS } from './parts.js';
export { RingbackCallElement } from './RingbackCallElement.js';
export type * from './types.js';

declare global {
  interface Window {
    Ringback: RingbackApi;
  }
  interface HTMLElementTagNameMap {
    'ringback-call': RingbackCallElement;
  }
  interface HTMLElementEventMap extends RingbackEventMap {}
  interface DocumentEventMap extends RingbackEventMap {}
}

// In a browser, importing the package defines <ringback-call> and window.Ringback;
// on a server it only gives the exports (e.g. loaderSnippet for a template).
if (typeof window !== 'undefined' && typeof customElements !== 'undefined') installRingback();
