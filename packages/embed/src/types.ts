import type { CallSessionStatus, FinalCallState, PhoneRules, Verification } from '@ringback/client';

/** A widget's settings: `Ringback.init()`, or the script tag's `data-*` attributes. */
export interface RingbackOptions {
  /** Where your Ringback proxy is mounted: `https://shop.example.com/ringback` or `/ringback`. */
  endpoint: string;
  /** The widget configured on the proxy. */
  widgetId: string;
  /** BCP 47 locale of the texts. @default Ringback.setLocale()'s, else `<html lang>`, else navigator.language */
  locale?: string;
  /** `auto` follows the page's `color-scheme`, else the visitor's `prefers-color-scheme`. @default 'auto' */
  theme?: 'light' | 'dark' | 'auto';
  /** The bottom corner of the floating button, at the end or start of the line. @default 'right' */
  position?: 'right' | 'left';
  /** The floating button's text. @default the locale's "Call me" */
  label?: string;
  /** Consent or privacy text under the number. */
  consent?: string;
  /** Countries to offer, e.g. `['IN', 'AE']` or `'IN AE'`. @default the widget's */
  countries?: readonly string[] | string;
  /** The initially selected country. @default the widget's default country */
  defaultCountry?: string;
  /** Overrides of any text, by `ClickToCallMessages` key (`{ submit: 'Call me back' }`). */
  messages?: Record<string, string>;
  /** Runs the Turnstile / hCaptcha / reCAPTCHA challenge your page renders. */
  getVerificationToken?: (verification: Verification) => string | Promise<string>;
  /** More countries' numbering rules, from `@ringback/client/phone-rules`. @default India's */
  phoneRules?: PhoneRules;
}

/** `ringback:state`: the widget moved to another status. */
export interface RingbackStateDetail {
  widgetId: string;
  status: CallSessionStatus;
  /** The proxy's opaque call id, once a call is placed. */
  callId: string | null;
  /**
   * When `status` is `error`: what went wrong, the same fields as `@ringback/client`'s
   * `snapshot.error` (`error.code` is the problem code: `rate_limited`, `closed`,
   * `origin_not_allowed`, …).
   */
  error: RingbackErrorDetail | null;
}

/** A failure as the widget reports it; dates as ISO strings, so the detail can be stored or sent. */
export interface RingbackErrorDetail {
  code: string;
  message: string;
  /** The HTTP status of the proxy's refusal, when there was one. */
  status: number | null;
  /** When a retry may succeed (`rate_limited`). */
  retryAt: string | null;
  /** When calls are taken again (`closed`). */
  nextOpening: string | null;
}

/** `ringback:call-ended`: a call reached its ending (once per call). */
export interface RingbackCallEndedDetail {
  widgetId: string;
  state: FinalCallState;
  callId: string;
  /** How long the visitor and the agent talked, when known. */
  conversationSeconds: number | null;
}

/** `ringback:open` and `ringback:close`: the floating panel opened or closed. */
export interface RingbackPanelDetail {
  widgetId: string;
}

/** The DOM events, bubbling and composed, each with its detail. */
export interface RingbackEventMap {
  'ringback:state': CustomEvent<RingbackStateDetail>;
  'ringback:call-ended': CustomEvent<RingbackCallEndedDetail>;
  'ringback:open': CustomEvent<RingbackPanelDetail>;
  'ringback:close': CustomEvent<RingbackPanelDetail>;
}

/** An event name for `Ringback.on()`, with or without `ringback:`. */
export type RingbackEventName =
  | keyof RingbackEventMap
  | (keyof RingbackEventMap extends `ringback:${infer Name}` ? Name : never);

type Detail<E extends RingbackEventName> = (E extends keyof RingbackEventMap
  ? RingbackEventMap[E]
  : RingbackEventMap[`ringback:${E}` & keyof RingbackEventMap])['detail'];

export type RingbackListener<E extends RingbackEventName> = (
  detail: Detail<E>,
  event: CustomEvent<Detail<E>>,
) => void;

/** `window.Ringback`. */
export interface RingbackApi {
  /** This script's version. */
  readonly version: string;
  /** Shows the floating "Call me" button for a widget; calling it again updates it. */
  init(options: RingbackOptions): void;
  /** Opens the floating panel and moves the focus into it. */
  open(): void;
  /** Closes the floating panel; a call under way goes on. */
  close(): void;
  /** Listens to an event from every widget on the page; returns a function that stops. */
  on<E extends RingbackEventName>(event: E, listener: RingbackListener<E>): () => void;
  off<E extends RingbackEventName>(event: E, listener: RingbackListener<E>): void;
  /** The language of every widget without its own `locale`; `undefined` goes back to the browser's. */
  setLocale(locale: string | undefined): void;
  /** Removes the floating button. */
  destroy(): void;
}
