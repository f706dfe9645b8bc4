import type { CallSessionStatus } from '@ringback/client';
import {
  type ClickToCallMessages,
  onPageChange,
  pageColorScheme,
  pageLanguage,
  resolveMessages,
} from '@ringback/react';
import { onInlineWidget } from './inlineWidgets.js';
import { getPageLocale, onPageLocale } from './pageLocale.js';
import { WIDGET_PARTS } from './parts.js';
import type { RingbackCallElement } from './RingbackCallElement.js';
import { createElement as h } from './runtime/jsx-runtime.js';
import { render } from './runtime/render.js';
import { adoptStyles, launcherCss } from './styles.js';
import type { RingbackOptions, RingbackStateDetail } from './types.js';

const CLOSE: Record<string, string> = { en: 'Close', hi: 'बंद करें' };
const PHONE_ICON =
  'M7 3h3l1.5 4.5-2 1.5a11 11 0 0 0 5.5 5.5l1.5-2L21 14v3a3 3 0 0 1-3 3A15 15 0 0 1 4 6a3 3 0 0 1 3-3z';
const CLOSE_ICON =
  'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z';
/** The stage a live call is at, as the widget's progress steps name it. */
const STAGES: Partial<Record<CallSessionStatus, keyof ClickToCallMessages>> = {
  requested: 'stepAgent',
  unknown: 'stepAgent',
  'dialing-agent': 'stepAgent',
  'dialing-you': 'stepYou',
  connected: 'stepConnected',
};
const icon = (d: string) =>
  h('svg', { viewBox: '0 0 24 24', 'aria-hidden': true }, h('path', { d }));

/**
 * The floating "Call me" button and the panel it opens, in its own shadow root: a
 * disclosure button (`aria-expanded`) and a non-modal dialog holding a
 * `<ringback-call>`, which stays mounted while closed so a call goes on.
 */
export class Launcher {
  readonly host: HTMLElement = document.createElement('ringback-launcher');
  #root: HTMLElement;
  #options: RingbackOptions | undefined;
  #open = false;
  #inner: { current: RingbackCallElement | null } = { current: null };
  #stopLocale: () => void;
  #stopPage: () => void;
  #stopInline: () => void = () => {};
  /** The widget's status, so the button shows a live call's stage while the panel is closed. */
  #status: CallSessionStatus = 'idle';
  /** Inline widgets on screen: on a small screen the button must not cover theirs. */
  #inlineInView = new Set<Element>();

  constructor() {
    const shadow = this.host.attachShadow({ mode: 'open' });
    adoptStyles(shadow, launcherCss);
    this.#root = shadow.appendChild(document.createElement('div'));
    this.#root.addEventListener('ringback:state', (event) => {
      this.#status = (event as CustomEvent<RingbackStateDetail>).detail.status;
      this.#render();
    });
    this.#stopLocale = onPageLocale(() => this.#render());
    this.#stopPage = onPageChange(() => this.#render());
    if (typeof IntersectionObserver === 'function') {
      const observer = new IntersectionObserver((entries) => {
        for (const { target, isIntersecting } of entries)
          this.#inlineInView[isIntersecting ? 'add' : 'delete'](target);
        this.#render();
      });
      const stop = onInlineWidget((element) => observer.observe(element));
      this.#stopInline = () => {
        stop();
        observer.disconnect();
      };
    }
  }

  configure(options: RingbackOptions): void {
    this.#options = options;
    this.#mount();
    this.#render();
  }

  setOpen(open: boolean): void {
    const shadow = this.host.shadowRoot!;
    const hadFocus = shadow.activeElement && shadow.activeElement !== this.#button();
    if (open !== this.#open) {
      this.#open = open;
      this.#render();
      this.host.dispatchEvent(
        new CustomEvent(open ? 'ringback:open' : 'ringback:close', {
          detail: { widgetId: this.#options?.widgetId },
          bubbles: true,
          composed: true,
        }),
      );
    }
    if (open) this.#inner.current?.focus();
    else if (hadFocus) this.#button()?.focus();
  }

  destroy(): void {
    this.#stopLocale();
    this.#stopPage();
    this.#stopInline();
    render(null, this.#root);
    this.host.remove();
  }

  #button = () => this.#root.querySelector('button');

  #mount(): void {
    if (this.host.isConnected) return;
    if (document.body) document.body.append(this.host);
    // An async script in <head> can run before <body> exists.
    else document.addEventListener('DOMContentLoaded', () => this.#mount(), { once: true });
  }

  #render(): void {
    const o = this.#options;
    if (!o) return;
    const locale = o.locale ?? getPageLocale() ?? pageLanguage();
    const theme = o.theme ?? 'auto';
    const messages = resolveMessages(locale, o.messages);
    const label = o.label ?? messages.submit;
    const stage = STAGES[this.#status];
    const close = o.messages?.close ?? CLOSE[locale.split('-')[0]!] ?? CLOSE.en!;
    const open = this.#open;
    const countries = o.countries;

    render(
      h(
        'div',
        {
          className: 'rb-root',
          'data-position': o.position === 'left' ? 'left' : 'right',
          'data-theme': (theme === 'auto' && pageColorScheme(this.host)) || theme,
          'data-live': stage && '',
          'data-inline': this.#inlineInView.size ? '' : undefined,
          onKeyDown: (event: KeyboardEvent) => {
            if (event.key === 'Escape' && this.#open) this.setOpen(false);
          },
        },
        h(
          'button',
          {
            type: 'button',
            className: 'rb-launcher',
            part: 'launcher',
            'aria-expanded': open,
            'aria-controls': 'rb-panel',
            onClick: () => this.setOpen(!this.#open),
          },
          icon(PHONE_ICON),
          // A call goes on while the panel is closed: its stage, and a dot for "live".
          stage ? messages[stage] : label,
          stage && h('span', { className: 'rb-dot', 'aria-hidden': true }),
        ),
        h(
          'div',
          {
            id: 'rb-panel',
            className: 'rb-panel',
            part: 'panel',
            role: 'dialog',
            'aria-label': label,
            hidden: !open,
          },
          h('ringback-call', {
            ref: this.#inner,
            endpoint: o.endpoint,
            'widget-id': o.widgetId,
            locale: o.locale,
            theme: o.theme,
            countries: typeof countries === 'string' ? countries : countries?.join(' '),
            'default-country': o.defaultCountry,
            consent: o.consent,
            messages: o.messages,
            getVerificationToken: o.getVerificationToken,
            phoneRules: o.phoneRules,
            exportparts: WIDGET_PARTS.join(),
          }),
          h(
            'button',
            {
              type: 'button',
              className: 'rb-close',
              part: 'close',
              'aria-label': close,
              onClick: () => this.setOpen(false),
            },
            icon(CLOSE_ICON),
          ),
        ),
      ),
      this.#root,
    );
  }
}
