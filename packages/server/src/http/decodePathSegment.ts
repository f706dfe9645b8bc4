/** Decodes one `%`-escaped path segment; `undefined` for a malformed escape such as `%ZZ`. */
export function decodePathSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
