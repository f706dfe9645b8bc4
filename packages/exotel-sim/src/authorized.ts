/** Basic auth with the account's key and token, for `accountSid` only. */
export function authorized(
  ctx: { accountSid: string; apiKey: string; apiToken: string },
  request: Request,
  accountSid: string,
): boolean {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return false;
  let decoded: string;
  try {
    const binary = atob(match[1]!);
    decoded = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return false;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // A key and token that are right for another account do not open this one: Exotel
  // ties credentials to their account, so a foreign AccountSid is refused the same way.
  return (
    decoded.slice(0, colon) === ctx.apiKey &&
    decoded.slice(colon + 1) === ctx.apiToken &&
    accountSid === ctx.accountSid
  );
}
