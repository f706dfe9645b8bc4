import type { paths } from '@ringback/protocol';
import createClient, { type Client } from 'openapi-fetch';

export interface RingbackClientOptions {
  /** Where the proxy is mounted, e.g. `https://shop.example.com/ringback`. */
  endpoint: string;
  /** @default globalThis.fetch, looked up on each request */
  fetch?: (input: Request) => Promise<Response>;
}

/** A typed client for the proxy API (openapi-fetch over `spec/ringback.yaml`). */
export type RingbackClient = Client<paths>;

/** Creates a typed client for the Ringback proxy API. */
export function createRingbackClient(options: RingbackClientOptions): RingbackClient {
  return createClient<paths>({
    baseUrl: options.endpoint.replace(/\/+$/, ''),
    // Looked up per request so a fetch patched later (a service worker mock, a test) is used.
    fetch: options.fetch ?? ((input) => globalThis.fetch(input)),
    // Cookies and credentials never go to the proxy: the call id is the only secret.
    credentials: 'omit',
  });
}
