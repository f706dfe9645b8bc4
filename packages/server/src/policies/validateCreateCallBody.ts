import type { components } from '@ringback/protocol';
import { type FieldError, Problem } from '../domain/problem.js';
import { hasControlCharacters } from './hasControlCharacters.js';

export type CreateCallRequest = components['schemas']['CreateCallRequest'];

const WIDGET_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const COUNTRY = /^[A-Z]{2}$/;
const FIELDS = new Set([
  'widgetId',
  'phone',
  'country',
  'verificationToken',
  'fields',
  'consent',
  'context',
  'scheduledFor',
]);
const FIELD_ID = /^[a-z][a-z0-9_]{0,31}$/;
const UTM = new Set(['source', 'medium', 'campaign', 'term', 'content']);
const CONTEXT = new Set(['pageUrl', 'referrer', 'utm', 'gclid']);

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
  if (input.fields !== undefined) checkFields(input.fields, errors);
  if (input.consent !== undefined && typeof input.consent !== 'boolean')
    errors.push({ path: '/consent', message: 'must be true or false' });
  if (input.context !== undefined) checkContext(input.context, errors);
  if (
    input.scheduledFor !== undefined &&
    !(
      typeof input.scheduledFor === 'string' &&
      DATE_TIME.test(input.scheduledFor) &&
      !Number.isNaN(Date.parse(input.scheduledFor))
    )
  )
    errors.push({
      path: '/scheduledFor',
      message: 'must be a date-time like "2026-11-28T03:30:00.000Z" (a slot start)',
    });
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
    ...(input.fields !== undefined ? { fields: input.fields as Record<string, string> } : {}),
    ...(input.consent !== undefined ? { consent: input.consent as boolean } : {}),
    ...(input.scheduledFor !== undefined ? { scheduledFor: input.scheduledFor as string } : {}),
    ...(input.context !== undefined
      ? { context: input.context as NonNullable<CreateCallRequest['context']> }
      : {}),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** RFC 3339 date-time, with a zone; at most 40 characters. */
const DATE_TIME =
  /^(?=.{20,40}$)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** `fields`: at most 20 answers, by well-formed id, each a string of at most 2000 characters. */
function checkFields(value: unknown, errors: FieldError[]): void {
  if (!isObject(value)) {
    errors.push({ path: '/fields', message: 'must be an object of answers by field id' });
    return;
  }
  const ids = Object.keys(value);
  if (ids.length > 20) errors.push({ path: '/fields', message: 'must hold at most 20 answers' });
  for (const id of ids.slice(0, 21)) {
    const path = `/fields/${FIELD_ID.test(id) ? id : encodeURIComponent(id).slice(0, 64)}`;
    if (!FIELD_ID.test(id)) errors.push({ path, message: 'is not a field id' });
    else if (typeof value[id] !== 'string') errors.push({ path, message: 'must be a string' });
    else if ((value[id] as string).length > 2000)
      errors.push({ path, message: 'must be at most 2000 characters' });
  }
}

function tag(value: unknown, path: string, max: number, errors: FieldError[]): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > max)
    errors.push({ path, message: `must be a string of 1 to ${max} characters` });
  else if (hasControlCharacters(value))
    errors.push({ path, message: 'must not hold control characters' });
}

function url(value: unknown, path: string, errors: FieldError[]): void {
  const before = errors.length;
  tag(value, path, 2048, errors);
  if (errors.length > before) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value as string);
  } catch {}
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:')
    errors.push({ path, message: 'must be an http(s) URL' });
}

/** `context`: the page, referrer and campaign tags, strictly shaped and capped. */
function checkContext(value: unknown, errors: FieldError[]): void {
  if (!isObject(value)) {
    errors.push({ path: '/context', message: 'must be an object' });
    return;
  }
  for (const key of Object.keys(value))
    if (!CONTEXT.has(key)) errors.push({ path: `/context/${key}`, message: 'unknown field' });
  if (value.pageUrl !== undefined) url(value.pageUrl, '/context/pageUrl', errors);
  if (value.referrer !== undefined) url(value.referrer, '/context/referrer', errors);
  if (value.gclid !== undefined) tag(value.gclid, '/context/gclid', 200, errors);
  const { utm } = value;
  if (utm === undefined) return;
  if (!isObject(utm)) {
    errors.push({ path: '/context/utm', message: 'must be an object' });
    return;
  }
  for (const [key, tagValue] of Object.entries(utm)) {
    if (!UTM.has(key)) errors.push({ path: `/context/utm/${key}`, message: 'unknown field' });
    else tag(tagValue, `/context/utm/${key}`, 200, errors);
  }
}
