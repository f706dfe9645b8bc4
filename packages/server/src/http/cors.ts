import { Problem } from '../domain/problem.js';

const ALLOWED_HEADERS = new Set([
  'content-type',
  'idempotency-key',
  'last-event-id',
  // The cancel capability of `DELETE /v1/calls/{id}`.
  'authorization',
]);

/** CORS headers for a browser-facing response: the origin is echoed only when some widget allows it. */
export function corsHeaders(origin: string | null, allowed: ReadonlySet<string>): Headers {
  const headers = new Headers({ vary: 'Origin' });
  if (origin && allowed.has(origin)) {
    headers.set('access-control-allow-origin', origin);
    headers.set('access-control-expose-headers', 'Retry-After, Location');
  }
  return headers;
}

/**
 * Answers a CORS preflight. Only origins some widget allows get a yes; the request
 * itself is checked against its own widget's origins when it arrives.
 */
export function preflight(
  request: Request,
  allowed: ReadonlySet<string>,
  methods: readonly string[],
): Response {
  const origin = request.headers.get('origin');
  if (!origin || !allowed.has(origin)) {
    return new Problem('origin_not_allowed', 'This origin may not use this server.').toResponse({
      vary: 'Origin',
    });
  }
  const headers = corsHeaders(origin, allowed);
  headers.set('access-control-allow-methods', methods.join(', '));
  const requested = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => ALLOWED_HEADERS.has(h));
  if (requested.length > 0) headers.set('access-control-allow-headers', requested.join(', '));
  headers.set('access-control-max-age', '600');
  headers.append('vary', 'Access-Control-Request-Headers');
  return new Response(null, { status: 204, headers });
}
