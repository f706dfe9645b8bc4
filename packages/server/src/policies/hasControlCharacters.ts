/**
 * Whether `text` holds a character that has no place in a stored answer: C0 and C1
 * controls, DEL, the Unicode line and paragraph separators, and bidirectional overrides
 * and isolates (which make text in a CRM or chat read differently from what it holds).
 * `multiline` lets line feeds, carriage returns and tabs through, as a textarea needs.
 */
export function hasControlCharacters(text: string, multiline = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (multiline && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    if (
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x2028 ||
      c === 0x2029 ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    )
      return true;
  }
  return false;
}
