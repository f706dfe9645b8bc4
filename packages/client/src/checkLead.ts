import { cleanText } from './cleanText.js';
import type { Widget } from './types.js';

/** Why an answer is refused: missing, longer than the field allows, or not one of its options. */
export type LeadProblem = 'required' | 'too_long' | 'invalid';

/** One refused answer, at the path the proxy reports it (`/fields/name`, `/consent`). */
export interface LeadError {
  path: string;
  message: string;
}

/** The visitor's answers to a widget's `fields` (by field id) and its consent box. */
export interface LeadInput {
  fields?: Record<string, string> | undefined;
  consent?: boolean | undefined;
}

export interface CheckedLead {
  /** The answers to send: the widget's fields only, cleaned, blank ones left out. */
  fields: Record<string, string>;
  /** What the proxy would refuse, `message` being a `LeadProblem`; empty when nothing. */
  errors: LeadError[];
}

/**
 * Checks the visitor's answers as the proxy will, so they see a problem before
 * anything is sent: a `required` field or consent box left blank, an answer longer
 * than its `maxLength`, a `select` answer that is not one of its options. Answers lose
 * control characters (a `textarea` keeps line breaks and tabs) and surrounding spaces.
 */
export function checkLead(
  { fields = [], consent }: Pick<Widget, 'fields' | 'consent'>,
  input: LeadInput,
): CheckedLead {
  const answers: Record<string, string> = {};
  const errors: LeadError[] = [];
  const refuse = (path: string, message: LeadProblem) => errors.push({ path, message });
  for (const { id, type, required, maxLength, options } of fields) {
    const answer = cleanText(input.fields?.[id] ?? '', type === 'textarea');
    if (!answer) {
      if (required) refuse(`/fields/${id}`, 'required');
    } else if (answer.length > maxLength) refuse(`/fields/${id}`, 'too_long');
    else if (options && !options.some((option) => option.value === answer))
      refuse(`/fields/${id}`, 'invalid');
    else answers[id] = answer;
  }
  if (consent?.required && !input.consent) refuse('/consent', 'required');
  return { fields: answers, errors };
}

/**
 * The problems of a refused lead by path (`/fields/<id>`, `/consent`), from
 * `checkLead()`'s errors or an `invalid_body` refusal's `error.fields`, where the
 * proxy's own words count as `required` when they say so, else as `invalid`.
 */
export function leadErrors(errors: readonly LeadError[] | undefined): Record<string, LeadProblem> {
  const byPath: Record<string, LeadProblem> = {};
  for (const { path, message } of errors ?? []) {
    if (/^\/(fields\/|consent$)/.test(path))
      byPath[path] = /required/.test(message)
        ? 'required'
        : message === 'too_long'
          ? message
          : 'invalid';
  }
  return byPath;
}
