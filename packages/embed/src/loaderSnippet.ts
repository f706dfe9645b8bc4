import type { RingbackApi } from './types.js';

/** The API methods the loader snippet queues until the script has loaded. */
export const QUEUED_METHODS = [
  'init',
  'open',
  'close',
  'on',
  'off',
  'setLocale',
  'destroy',
] as const satisfies readonly (keyof RingbackApi)[];

/** The script tag's `data-*` attributes, camelCased. */
export interface LoaderSnippetData {
  endpoint?: string;
  widgetId?: string;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  position?: 'right' | 'left';
  label?: string;
  consent?: string;
  countries?: string;
  defaultCountry?: string;
}

export interface LoaderSnippetOptions {
  /** Where your site serves `ringback.js` (copied from `@ringback/embed/ringback.js`). */
  src: string;
  /** The floating button's settings; without `endpoint` and `widgetId` there is none. */
  data?: LoaderSnippetData;
  /** A CSP nonce for the inline script. */
  nonce?: string;
}

/** A value as a JavaScript literal that is also safe inside an HTML `<script>`. */
const literal = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * The copy-paste loader: it defines a `window.Ringback` that queues calls, then loads
 * the script asynchronously; the script replays the queue. Pasting it twice, or next
 * to a plain `<script src>`, is harmless.
 *
 * @example loaderSnippet({ src: '/ringback.js', data: { endpoint: '/ringback', widgetId: 'sales' } })
 */
export function loaderSnippet({ src, data = {}, nonce }: LoaderSnippetOptions): string {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value != null) attributes[key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] = value;
  }
  const nonceAttribute = nonce ? ` nonce="${nonce.replace(/[^\w+/=-]/g, '')}"` : '';
  return `<script${nonceAttribute}>
  (function (w, d, src, data) {
    var R = w.Ringback;
    if (!R) {
      var q = [];
      R = w.Ringback = { q: q };
      ${literal(QUEUED_METHODS).replace(/,/g, ', ')}.forEach(function (m) {
        R[m] = function () { q.push([m, [].slice.call(arguments)]); };
      });
    }
    var s = d.createElement('script');
    s.async = true;
    s.src = src;
    for (var k in data) s.setAttribute('data-' + k, data[k]);
    d.head.appendChild(s);
  })(window, document, ${literal(src)}, ${literal(attributes).replace(/","/g, '", "')});
</script>`;
}
