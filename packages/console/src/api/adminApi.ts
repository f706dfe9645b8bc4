import type { paths } from '@ringback/protocol';
import createClient, { type Client } from 'openapi-fetch';

/** A typed client for `/v1/admin/*` (openapi-fetch over `spec/ringback.yaml`). */
export type AdminClient = Client<paths>;

export interface AdminApiOptions {
  /** Where the server is mounted: the API is at `<baseUrl>/v1/admin/…`. */
  baseUrl: string;
  fetch: (input: Request) => Promise<Response>;
  /** Any answer `401` but a refused log-in: the session is gone. */
  onUnauthorized: () => void;
}

export interface AdminApi {
  client: AdminClient;
  /** `<baseUrl>/v1/admin/<path>`, for what the client does not fetch (events, CSV). */
  url(path: string, query?: URLSearchParams): string;
  /** The session's CSRF token, sent as `X-CSRF-Token` on every state-changing request. */
  setCsrfToken(token: string | null): void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createAdminApi({ baseUrl, fetch, onUnauthorized }: AdminApiOptions): AdminApi {
  const root = baseUrl.replace(/\/+$/, '');
  // Kept in memory only: a script injected into the page could read storage, and the
  // session cookie is HttpOnly, so a reload asks `getAdminSession` for it again.
  let csrfToken: string | null = null;
  const client = createClient<paths>({ baseUrl: root, fetch, credentials: 'same-origin' });
  client.use({
    onRequest({ request }) {
      if (csrfToken && !SAFE_METHODS.has(request.method)) {
        request.headers.set('X-CSRF-Token', csrfToken);
      }
      return request;
    },
    onResponse({ request, response, schemaPath }) {
      const logIn = schemaPath === '/v1/admin/session' && request.method === 'POST';
      if (response.status === 401 && !logIn) onUnauthorized();
    },
  });
  return {
    client,
    url(path, query) {
      // (`URLSearchParams.size` is newer than some browsers the console supports.)
      const search = query?.toString();
      return `${root}/v1/admin/${path}${search ? `?${search}` : ''}`;
    },
    setCsrfToken(token) {
      csrfToken = token;
    },
  };
}

/** The server's root for a console page at `<mount>/console/…`: `<mount>/`. */
export function apiBaseFromLocation(href: string): string {
  return new URL('..', href).href;
}
