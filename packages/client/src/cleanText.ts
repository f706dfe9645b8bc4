/**
 * What the proxy refuses in an answer or a tag as a control character: C0 and C1
 * controls, DEL, the line and paragraph separators, and bidirectional overrides and
 * isolates (they make a CRM show something other than what it holds).
 */
const CONTROLS = '\\0-\\x08\\v-\\x1f\\x7f-\\x9f\\u2028-\\u202e\\u2066-\\u2069';

/**
 * `text` without control characters (a `multiline` one keeps line feeds and tabs),
 * trimmed, and cut to `max` UTF-16 units (the proxy's measure) without splitting a
 * character: what the proxy accepts of a visitor's answer or a campaign tag.
 */
export const cleanText = (text: string, multiline?: boolean, max = text.length): string =>
  text
    .replace(new RegExp(`[${multiline ? '' : '\\t\\n'}${CONTROLS}]`, 'g'), '')
    .trim()
    .slice(0, max)
    .replace(/[\ud800-\udbff]$/, '')
    .trim();
