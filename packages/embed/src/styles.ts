/**
 * The embed's own CSS, on top of `@ringback/react`'s stylesheet. A wrapper with
 * `all: initial` stops the page's inherited styles (color, font, letter-spacing,
 * text-transform, …) at the shadow root; only custom properties and `direction` get
 * through, so `--ringback-*` theming and right-to-left pages still work. Sizes are in
 * `em` from `medium` (the visitor's default font size), not `rem`, so a page's
 * `html { font-size: 10px }` does not shrink the widget.
 */
const FONT = '--rb-f:var(--ringback-font,medium/1.5 system-ui,sans-serif)';
const ROOT = 'all:initial;font:var(--rb-f)';

/** For `<ringback-call>`. */
export const elementCss = `:host{display:block;${FONT};--rb-w:var(--ringback-max-width,24em)}:host([hidden]){display:none}.rb-root{${ROOT};display:block}.rb-ctc{--ringback-font:var(--rb-f);--ringback-max-width:var(--rb-w)}`;

const dark =
  '--rb-ac:var(--ringback-accent,#a8c7fa);--rb-af:var(--ringback-accent-fg,#062e6f);--rb-mu:var(--ringback-muted,#b1bac4)';

/**
 * For the floating button and its panel. The host is pinned so page rules cannot move
 * it; `--ringback-offset-x`, `--ringback-offset-y` and `--ringback-z-index` can. On a
 * small screen the closed button steps aside while an inline widget is in view (it
 * would cover that widget's own button), unless it carries a live call.
 */
export const launcherCss = `:host{all:initial!important;display:contents!important}
.rb-root{${ROOT};${FONT};--rb-w:var(--ringback-max-width,24em);--rb-ac:var(--ringback-accent,#0b57d0);--rb-af:var(--ringback-accent-fg,#fff);--rb-mu:var(--ringback-muted,#57606a);--rb-x:var(--ringback-offset-x,20px);position:fixed;z-index:var(--ringback-z-index,2147483000);inset-block-end:var(--ringback-offset-y,20px);inset-inline-end:var(--rb-x);display:flex;flex-direction:column-reverse;align-items:end;gap:12px}
.rb-root[data-position=left]{inset-inline:var(--rb-x) auto;align-items:start}
.rb-root[data-theme=dark]{${dark}}
@media (prefers-color-scheme:dark){.rb-root[data-theme=auto]{${dark}}}
.rb-launcher,.rb-close{display:flex;align-items:center;justify-content:center;gap:8px;margin:0;border:0;font:inherit;cursor:pointer}
.rb-launcher{min-height:48px;padding:0 20px 0 16px;border-radius:24px;background:var(--rb-ac);color:var(--rb-af);font-weight:600;box-shadow:0 2px 12px rgb(0 0 0/.3)}
.rb-panel{position:relative;width:min(var(--rb-w),calc(100vw - 40px));max-height:calc(100vh - 100px);overflow:auto;border-radius:var(--ringback-radius,8px);box-shadow:0 8px 32px rgb(0 0 0/.25)}
.rb-close{position:absolute;z-index:1;inset-block-start:0;inset-inline-end:0;width:44px;height:44px;padding:0;border-radius:50%;background:none;color:var(--rb-mu)}
.rb-dot{width:8px;height:8px;border-radius:50%;background:currentColor;animation:rb-dot 1s infinite alternate}
@keyframes rb-dot{to{opacity:.3}}
@media (prefers-reduced-motion:reduce){.rb-dot{animation:none}}
@media (max-width:40em){.rb-root[data-inline]:not([data-live]) .rb-launcher[aria-expanded=false]{display:none}}
.rb-root svg{width:20px;height:20px;fill:currentColor}
.rb-root :focus-visible{outline:2px solid var(--rb-ac);outline-offset:2px}`;

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Styles a shadow root with a constructable stylesheet (shared by every widget on the
 * page), which a strict Content-Security-Policy allows without `'unsafe-inline'`.
 * Browsers without them (Safari before 16.4) get a `<style>` element.
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}
