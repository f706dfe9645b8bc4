import type { components } from '@ringback/protocol';
import { type FieldError, Problem } from '../domain/problem.js';

export type CreateCallRequest = components['schemas']['CreateCallRequest'];

const WIDGET_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const COUNTRY = /^[A-Z]{2}$/;
const FIELDS = new Set(['widgetId', 'phone', 'country', 'verificationToken']);

function text(
  value: unknown,
  path: string,
  max: number,
  errors: FieldError[],
  pattern?: RegExp,
  patternMessage?: string,
): void {
  if (typeof value !== 'string') errors.push({ path, message: 'must be a string' });
  else if (value.length > 0 && pattern && !pattern.test(value))
    errors.push({ path, message: patternMessage ?? 'has an invalid format' });
  else if (value.length === 0 || value.length > max)
    errors.push({ path, message: `must be 1 to ${max} characters` });
}

/**
 * Checks a create-call body against `CreateCallRequest` in spec/ringback.yaml, strictly:
 * unknown fields are refused, so a typo or a field the browser must not choose
 * (`from`, `callerId`, …) fails loudly instead of being ignored.
 */
export function validateCreateCallBody(body: unknown): CreateCallRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new Problem('invalid_body', 'The request body must be a JSON object.', {
      errors: [{ path: '', message: 'must be an object' }],
    });
  }
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (!FIELDS.has(key)) errors.push({ path: `/${key}`, message: 'unknown field' });
  }
  if (input.widgetId === undefined) errors.push({ path: '/widgetId', message: 'is required' });
  else
    text(input.widgetId, '/widgetId', 64, errors, WIDGET_ID, 'must be letters, digits, "_" or "-"');
  if (input.phone === undefined) errors.push({ path: '/phone', message: 'is required' });
  else text(input.phone, '/phone', 32, errors);
  if (input.country !== undefined)
    text(
      input.country,
      '/country',
      2,
      errors,
      COUNTRY,
      'must be an ISO 3166-1 alpha-2 code such as "IN"',
    );
  if (input.verificationToken !== undefined)
    text(input.verificationToken, '/verificationToken', 4096, errors);
  if (errors.length > 0) {
    const list = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new Problem(
      'invalid_body',
      `The request body has ${errors.length} problem${errors.length > 1 ? 's' : ''}: ${list}.`,
      { errors },
    );
  }
  return {
    widgetId: input.widgetId as string,
    phone: input.phone as string,
    ...(input.country !== undefined ? { country: input.country as string } : {}),
    ...(input.verificationToken !== undefined
      ? { verificationToken: input.verificationToken as string }
      : {}),
  };
}
