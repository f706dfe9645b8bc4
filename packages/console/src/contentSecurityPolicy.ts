/**
 * The `Content-Security-Policy` the console is built and tested for: its own scripts,
 * styles and API only, no inline code, no frames. Send it with every file of
 * `consoleAssetsDir`. Recordings are linked, not played inline (`media-src` is `'none'`).
 */
export const consoleContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
