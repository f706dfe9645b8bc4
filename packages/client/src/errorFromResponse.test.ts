import { describe, expect, it } from 'vitest';
import { CallSessionError } from './CallSessionError.js';
import { errorFromResponse, networkError } from './errorFromResponse.js';

describe('errorFromResponse', () => {
  it('keeps the problem code, detail and fields', () => {
    const error = errorFromResponse(new Response(null, { status: 400 }), {
      code: 'invalid_body',
      detail: 'The request body has 1 problem',
      errors: [{ path: '/phne', message: 'unknown field' }],
    });
    expect(error).toBeInstanceOf(CallSessionError);
    expect(error).toMatchObject({
      name: 'CallSessionError',
      code: 'invalid_body',
      status: 400,
      message: 'The request body has 1 problem',
      fields: [{ path: '/phne', message: 'unknown field' }],
      retryAt: null,
      source: 'server',
      retryable: false,
    });
  });

  it('calls anything that is not a problem an unexpected response', () => {
    const error = errorFromResponse(
      new Response('<html>', { status: 504, statusText: 'Gateway Timeout' }),
      undefined,
    );
    expect(error).toMatchObject({ code: 'unexpected_response', status: 504, retryable: true });
    expect(error.message).toBe('HTTP 504');
  });

  it('chains the cause of a network error', () => {
    const cause = new TypeError('Failed to fetch');
    expect(networkError(cause)).toMatchObject({ code: 'network_error', cause, retryable: true });
  });
});
