import type { PhoneRules, Verification } from '@ringback/client';
import { ClickToCall, clickToCallCss } from '@ringback/react';
import { announceInlineWidget } from './inlineWidgets.js';
import { getPageLocale, onPageLocale } from './pageLocale.js';
import './parts.js';
import { render } from './runtime/render.js';
import { adoptStyles, elementCss } from './styles.js';
import type { RingbackCallEndedDetail, RingbackStateDetail } from './types.js';

const css = clickToCallCss + elementCss;
const ATTRIBUTES = [
  'endpoint',
  'widget-id',
  'locale',
  'theme',
  'countries',
  'default-country',
  'consent',
  'messages',
];

// Importing the module where there is no DOM (server rendering) must not throw.
const Base = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

/**
 * `<ringback-call endpoint="…" widget-id="…">`: `<ClickToCall/>` in a shadow root,
 * with its stylesheet adopted, its parts exposed for `::part()`, and its changes told
 * as `ringback:state` and `ringback:call-ended` events.
 */
export class RingbackCallElement extends Base {
  static readonly observedAttributes = ATTRIBUTES;
  #root: HTMLElement | undefined;
  #queued = false;
  #stopLocale: (() => void) | undefined;
  #messages: Record<string, string> | undefined;
  #getVerificationToken: ((verification: Verification) => string | Promise<string>) | undefined;
  #phoneRules: PhoneRules | undefined;

  /** Overrides of any text, on top of the `messages` attribute (JSON). */
  get messages() {
    return this.#messages;
  }
  set messages(value) {
    this.#messages = value;
    this.#update();
  }

  /** Runs the human-verification challenge the widget asks for. */
  get getVerificationToken() {
    return this.#getVerificationToken;
  }
  set getVerificationToken(value) {
    this.#getVerificationToken = value;
    this.#update();
  }

  /** Numbering rules for more countries, from `@ringback/client/phone-rules`. */
  get phoneRules() {
    return this.#phoneRules;
  }
  set phoneRules(value) {
    this.#phoneRules = value;
    this.#update();
  }

  connectedCallback(): void {
    if (!this.#root) {
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      adoptStyles(shadow, css);
      this.#root = shadow.appendChild(document.createElement('div'));
      this.#root.className = 'rb-root';
    }
    this.#stopLocale ??= onPageLocale(() => this.#update());
    // In the page, not in the floating button's panel (a shadow root).
    if (this.getRootNode() === document) announceInlineWidget(this);
    // At once, so the widget is there (and focusable) as soon as the element is.
    this.#render();
  }

  disconnectedCallback(): void {
    // A move to another place in the page keeps the call; a removal ends the session.
    queueMicrotask(() => {
      if (this.isConnected || !this.#root) return;
      this.#stopLocale?.();
      this.#stopLocale = undefined;
      render(null, this.#root);
    });
  }

  attributeChangedCallback(): void {
    this.#update();
  }

  /** Focuses the phone number (or the first control). */
  override focus(options?: FocusOptions): void {
    const control = this.shadowRoot?.querySelector<HTMLElement>('input, select, button');
    if (control) control.focus(options);
    else super.focus(options);
  }

  #update(): void {
    if (this.#queued || !this.#root) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#render();
    });
  }

  #render(): void {
    const attribute = (name: string) => this.getAttribute(name) ?? undefined;
    const endpoint = attribute('endpoint');
    const widgetId = attribute('widget-id');
    if (!endpoint || !widgetId) {
      render(null, this.#root!);
      return;
    }
    let messages = this.#messages;
    try {
      messages = { ...JSON.parse(attribute('messages') ?? '{}'), ...messages };
    } catch {
      // Not JSON: the property's messages only.
    }
    const emit = <T,>(name: string, detail: T) =>
      this.dispatchEvent(
        new CustomEvent(`ringback:${name}`, { detail, bubbles: true, composed: true }),
      );
    const getToken = this.#getVerificationToken;

    render(
      <ClickToCall
        endpoint={endpoint}
        widgetId={widgetId}
        locale={attribute('locale') ?? getPageLocale()}
        theme={attribute('theme') as 'light' | 'dark' | 'auto' | undefined}
        countries={attribute('countries')
          ?.split(/[\s,]+/)
          .filter(Boolean)}
        defaultCountry={attribute('default-country')}
        consent={attribute('consent')}
        messages={messages}
        phoneRules={this.#phoneRules}
        getVerificationToken={getToken && ((verification) => getToken(verification))}
        unstyled
        onStateChange={(status, { call, error }) =>
          emit<RingbackStateDetail>('state', {
            widgetId,
            status,
            callId: call?.id ?? null,
            error: error && {
              code: error.code,
              message: error.message,
              status: error.status ?? null,
              retryAt: error.retryAt?.toISOString() ?? null,
              nextOpening: error.nextOpening?.toISOString() ?? null,
            },
          })
        }
        onCallEnded={({ state, call, conversationSeconds }) =>
          emit<RingbackCallEndedDetail>('call-ended', {
            widgetId,
            state,
            callId: call.id,
            conversationSeconds,
          })
        }
      />,
      this.#root!,
    );
  }
}
