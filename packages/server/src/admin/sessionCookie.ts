// The console's session cookie: `rb_session`, only ever sent back to this server's own
// pages under its mount path, never readable by scripts.
import type { ResolvedConfig } from '../domain/ResolvedConfig.js';

export const SESSION_COOKIE = 'rb_session';

/** `Secure` always, but on plain http (allowed for localhost only): browsers drop it there. */
function attributes(config: ResolvedConfig): string {
  const secure = new URL(config.publicBaseUrl).protocol === 'https:';
  return `HttpOnly; SameSite=Strict; Path=${config.basePath}/${secure ? '; Secure' : ''}`;
}

export function sessionCookie(config: ResolvedConfig, token: string, maxAgeSeconds: number) {
  return `${SESSION_COOKIE}=${token}; ${attributes(config)}; Max-Age=${maxAgeSeconds}`;
}

export function clearedSessionCookie(config: ResolvedConfig) {
  return `${SESSION_COOKIE}=; ${attributes(config)}; Max-Age=0`;
}

/**
 * The session tokens the `Cookie` header carries, first first. A browser sends the cookie
 * with the longest path first; a second one can only come from a sibling site setting
 * its own, so only the first is used.
 */
export function sessionTokenOf(request: Request): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== SESSION_COOKIE) continue;
    return part.slice(at + 1).trim();
  }
  return undefined;
}
