import type { FieldError } from '../domain/problem.js';
import { Problem } from '../domain/problem.js';
import type { ResolvedWidget } from '../domain/ResolvedConfig.js';
import type { CallContext, ConsentRecord } from '../domain/Store.js';
import { hasControlCharacters } from './hasControlCharacters.js';
import type { CreateCallRequest } from './validateCreateCallBody.js';

/** What a create carries about the lead, checked against its widget: stored with the call. */
export interface Lead {
  fields: Record<string, string>;
  consent: ConsentRecord | null;
  context: CallContext | null;
}

/**
 * The lead's answers, consent and context, checked against the widget's `fields` and
 * `consent`: unknown ids, over-long or blank-but-required answers, a `select` answer that
 * is not an option, control characters and a missing required consent are refused as
 * `invalid_body`, naming each. Blank optional answers are dropped; the context is dropped
 * when the widget does not collect it.
 */
export function readLead(body: CreateCallRequest, widget: ResolvedWidget, now: number): Lead {
  const errors: FieldError[] = [];
  const answers = body.fields ?? {};
  const known = new Map(widget.fields.map((f) => [f.id, f]));
  for (const id of Object.keys(answers))
    if (!known.has(id))
      errors.push({ path: `/fields/${id}`, message: "is not one of this widget's fields" });
  const fields: Record<string, string> = {};
  for (const field of widget.fields) {
    const path = `/fields/${field.id}`;
    const value = answers[field.id];
    if (value === undefined || value.trim() === '') {
      if (field.required) errors.push({ path, message: 'is required' });
      continue;
    }
    if (value.length > field.maxLength)
      errors.push({ path, message: `must be at most ${field.maxLength} characters` });
    else if (hasControlCharacters(value, field.type === 'textarea'))
      errors.push({ path, message: 'must not hold control characters' });
    else if (field.options && !field.options.some((o) => o.value === value))
      errors.push({ path, message: "must be one of the field's options" });
    else fields[field.id] = value.trim();
  }
  if (body.consent === true && !widget.consent)
    errors.push({ path: '/consent', message: 'this widget asks for no consent' });
  if (widget.consent?.required && body.consent !== true)
    errors.push({
      path: '/consent',
      message: 'is required: the visitor must tick the consent box',
    });
  if (errors.length > 0)
    throw new Problem(
      'invalid_body',
      `The lead details have ${errors.length} problem${errors.length > 1 ? 's' : ''}: ${errors
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}.`,
      { errors },
    );
  return {
    fields,
    consent:
      body.consent === true && widget.consent ? { at: now, text: widget.consent.text } : null,
    context: widget.collectContext && body.context ? body.context : null,
  };
}
