import { cleanText } from './cleanText.js';
import type { CallContext } from './types.js';

/** `http(s)://host/path` of `address`: no query or fragment (they may hold personal data). */
const pageOf = (address: string | undefined): string | undefined => {
  try {
    const { protocol, origin, pathname } = new URL(address!);
    if (/^https?:$/.test(protocol)) return cleanText(origin + pathname, false, 2048);
  } catch {
    // Empty, or not a URL: nothing to tell.
  }
};

/** `parts` when any is set (JSON leaves the unset ones out), else `undefined`. */
const some = <T extends object>(parts: T): T | undefined =>
  Object.values(parts).some(Boolean) ? parts : undefined;

/**
 * Where a call is requested from, for the proxy's `context`: the page's address and
 * its referrer without query or fragment, and the campaign tags (`utm_*`, `gclid`) of
 * the page's address, each cleaned and cut to the proxy's limits. What is not known is
 * `undefined`; so is the whole when nothing is.
 * @example collectCallContext(location.href, document.referrer)
 */
export function collectCallContext(
  pageUrl: string | undefined,
  referrer?: string,
): CallContext | undefined {
  const page = pageOf(pageUrl);
  const query = page ? new URL(pageUrl!).searchParams : undefined;
  const tag = (name: string) => cleanText(query?.get(name) || '', false, 200) || undefined;
  return some({
    pageUrl: page,
    referrer: pageOf(referrer),
    utm: some({
      source: tag('utm_source'),
      medium: tag('utm_medium'),
      campaign: tag('utm_campaign'),
      term: tag('utm_term'),
      content: tag('utm_content'),
    }),
    gclid: tag('gclid'),
  });
}
