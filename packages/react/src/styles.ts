/**
 * The widget's stylesheet. Every selector starts with an `rb-ctc` class, so nothing
 * leaks into the page; one class of specificity beats a page's element rules
 * (`button {}`) while any class rule of the page still wins. Colors, sizes and fonts
 * are the `--ringback-*` custom properties listed in the README. An empty status is
 * hidden like screen-reader-only text, not with `display:none`: a live region must
 * stay in the accessibility tree, or what it says next is not read out. A rule a line,
 * each ending in `\`, so the string itself has no line breaks.
 */
const dark =
  '--bg:var(--ringback-bg,#1b1f24);--fg:var(--ringback-fg,#eef1f4);--mu:var(--ringback-muted,#b1bac4);--bd:var(--ringback-border,#6e7781);--ac:var(--ringback-accent,#a8c7fa);--af:var(--ringback-accent-fg,#062e6f);--er:var(--ringback-danger,#ffb4ab);--ok:var(--ringback-success,#6dd58c)';

export const css = `.rb-ctc{--bg:var(--ringback-bg,#fff);--fg:var(--ringback-fg,#1b1f24);--mu:var(--ringback-muted,#57606a);--bd:var(--ringback-border,#8c959f);--ac:var(--ringback-accent,#0b57d0);--af:var(--ringback-accent-fg,#fff);--er:var(--ringback-danger,#b3261e);--ok:var(--ringback-success,#146c2e);--r:var(--ringback-radius,8px);--g:var(--ringback-gap,12px);display:grid;gap:var(--g);max-width:var(--ringback-max-width,24rem);padding:var(--ringback-padding,16px);border:1px solid var(--bd);border-radius:var(--r);background:var(--bg);color:var(--fg);font:var(--ringback-font,1rem/1.5 system-ui,sans-serif)}\
.rb-ctc[data-theme=dark]{${dark}}\
@media (prefers-color-scheme:dark){.rb-ctc[data-theme=auto]{${dark}}}\
:where(.rb-ctc,.rb-ctc *){box-sizing:border-box;margin:0;font:inherit;color:inherit}\
.rb-ctc-form,.rb-ctc-field{display:grid;gap:calc(var(--g)/2)}\
.rb-ctc-row,.rb-ctc-actions{display:flex;flex-wrap:wrap;gap:calc(var(--g)/2)}\
.rb-ctc-input,.rb-ctc-select,.rb-ctc-prefix,.rb-ctc-button{min-height:44px;padding:0 12px;border:1px solid var(--bd);border-radius:var(--r);background:var(--bg)}\
.rb-ctc-prefix{display:flex;align-items:center;color:var(--mu)}\
.rb-ctc-input{flex:1;min-width:8em;text-align:start}\
.rb-ctc [aria-invalid=true]{border-color:var(--er)}\
.rb-ctc textarea{padding-block:8px;resize:vertical}\
.rb-ctc-consent{display:flex;gap:8px}\
.rb-ctc-consent input{flex:none;width:1.25em;height:1.25em;margin-top:.125em;accent-color:var(--ac)}\
.rb-ctc-error,.rb-ctc[data-tone=error] .rb-ctc-status{color:var(--er)}\
.rb-ctc-note,.rb-ctc-steps{color:var(--mu);font-size:.875em}\
.rb-ctc-button{border-color:var(--ac);background:var(--ac);color:var(--af);font-weight:600;cursor:pointer}\
.rb-ctc-button[data-variant]{background:none;color:var(--ac)}\
.rb-ctc-button[aria-disabled]{opacity:.6;cursor:not-allowed}\
.rb-ctc :focus-visible{outline:2px solid var(--ac);outline-offset:2px}\
.rb-ctc-steps{display:flex;gap:var(--g);padding:0;list-style:none}\
.rb-ctc-steps [aria-current]{color:var(--fg);font-weight:600;border-bottom:2px solid var(--ok);animation:rb-ctc 1s infinite alternate}\
.rb-ctc-sr,.rb-ctc-status:empty{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\
@keyframes rb-ctc{to{border-color:transparent}}\
@media (prefers-reduced-motion:reduce){.rb-ctc *{animation:none!important}}`;
