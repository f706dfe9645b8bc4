// `@ringback/console`'s Node entry: where the built console is, for the server to serve.
import { fileURLToPath } from 'node:url';

export { consoleContentSecurityPolicy } from './contentSecurityPolicy.js';

/**
 * The absolute path of the built console (`index.html` and `assets/`), with a trailing
 * slash. Serve it at `<mount>/console/`: every URL inside is relative, and the API is
 * expected at `<mount>/v1/admin/`.
 *
 * Resolved from this file, so it is the same directory whether this module runs from
 * `dist/` (installed) or from `src/` (inside the workspace).
 */
export const consoleAssetsDir: string = fileURLToPath(new URL('../dist/app/', import.meta.url));
