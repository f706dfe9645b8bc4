import type { components } from './generated/ringback.js';

/** The proxy's stable problem codes (spec/ringback.yaml `ProblemCode`). */
export type ProblemCode = components['schemas']['ProblemCode'];
/** An RFC 9457 problem body as the proxy sends it. */
export type ProblemBody = components['schemas']['Problem'];
/** One bad field of a refused request body. */
export type FieldError = components['schemas']['FieldError'];

/** The HTTP status and title of each problem code: the spec's `ProblemCode` table. */
export const PROBLEMS: Readonly<Record<ProblemCode, { status: number; title: string }>> = {
  invalid_body: { status: 400, title: 'Invalid request body' },
  body_too_large: { status: 413, title: 'Body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  idempotency_key_required: { status: 400, title: 'Idempotency key required' },
  idempotency_key_invalid: { status: 400, title: 'Invalid idempotency key' },
  idempotency_key_reused: { status: 409, title: 'Idempotency key reused' },
  widget_not_found: { status: 404, title: 'Widget not found' },
  call_not_found: { status: 404, title: 'Call not found' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  origin_not_allowed: { status: 403, title: 'Origin not allowed' },
  verification_required: { status: 403, title: 'Verification required' },
  verification_failed: { status: 403, title: 'Verification failed' },
  verification_unavailable: { status: 503, title: 'Verification unavailable' },
  closed: { status: 403, title: 'Closed' },
  invalid_phone: { status: 422, title: 'Invalid phone number' },
  country_not_allowed: { status: 422, title: 'Country not allowed' },
  number_type_not_allowed: { status: 422, title: 'Number type not allowed' },
  number_blocked: { status: 422, title: 'Number cannot be called' },
  rate_limited: { status: 429, title: 'Too many calls' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  upstream_unavailable: { status: 502, title: 'Telephony provider unavailable' },
  invalid_last_event_id: { status: 400, title: 'Invalid Last-Event-ID' },
  invalid_callback: { status: 400, title: 'Invalid callback' },
  callback_forbidden: { status: 403, title: 'Callback forbidden' },
  shutting_down: { status: 503, title: 'Shutting down' },
  internal_error: { status: 500, title: 'Internal error' },
  invalid_request: { status: 400, title: 'Invalid request' },
  call_in_progress: { status: 409, title: 'Call in progress' },
  call_not_cancelable: { status: 409, title: 'Call cannot be canceled' },
  cancel_forbidden: { status: 403, title: 'Cancel forbidden' },
  scheduling_disabled: { status: 403, title: 'Scheduling disabled' },
  slot_unavailable: { status: 409, title: 'Slot unavailable' },
  too_many_scheduled: { status: 409, title: 'Too many scheduled callbacks' },
  unauthenticated: { status: 401, title: 'Not signed in' },
  invalid_credentials: { status: 401, title: 'Wrong email or password' },
  csrf_failed: { status: 403, title: 'CSRF check failed' },
  role_forbidden: { status: 403, title: 'Not allowed for this role' },
  agent_not_found: { status: 404, title: 'Agent not found' },
  delivery_not_found: { status: 404, title: 'Webhook delivery not found' },
};
