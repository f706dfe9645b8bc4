import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validateConfig.js';
import type { Problem } from '../domain/problem.js';
import type { RingbackConfig } from '../domain/RingbackConfig.js';
import { readLead } from './readLead.js';
import { validateCreateCallBody } from './validateCreateCallBody.js';

const config = (widget: Record<string, unknown>): RingbackConfig => ({
  exotel: { accountSid: 'acme', apiKey: 'key-123', apiToken: 'token-456' },
  secret: 'k7Qv2mXp9LsR4tWz8YbN3cFh6JdG1aEu',
  publicBaseUrl: 'https://shop.example.com',
  widgets: [
    {
      id: 'support',
      from: '+919876543210',
      callerId: '08047112400',
      countries: ['IN'],
      allowedOrigins: ['https://shop.example.com'],
      ...widget,
    },
  ],
});

const widget = validateConfig(
  config({
    fields: [
      { id: 'name', label: { en: 'Your name', hi: 'आपका नाम' }, required: true, maxLength: 40 },
      { id: 'reason', label: 'Reason', type: 'select', options: ['billing', 'sales'] },
      { id: 'note', label: 'Anything else?', type: 'textarea' },
    ],
    consent: { text: { en: 'You may call me back', hi: 'आप मुझे वापस कॉल कर सकते हैं' } },
  }),
).widgets.get('support')!;

const read = (extra: Record<string, unknown>, w = widget) =>
  readLead(
    validateCreateCallBody({ widgetId: 'support', phone: '+919812345678', ...extra }),
    w,
    1000,
  );

function problem(extra: Record<string, unknown>) {
  try {
    read(extra);
  } catch (error) {
    return (error as Problem).toJSON();
  }
  throw new Error('expected a problem');
}

describe('readLead', () => {
  it('keeps the answers, trimmed, records consent with its text, and the context', () => {
    const context = { pageUrl: 'https://shop.example.com/pricing', utm: { source: 'mail' } };
    expect(
      read({
        fields: { name: '  Asha ', reason: 'sales', note: 'line 1\nline 2\tend' },
        consent: true,
        context,
      }),
    ).toEqual({
      fields: { name: 'Asha', reason: 'sales', note: 'line 1\nline 2\tend' },
      consent: {
        at: 1000,
        text: { en: 'You may call me back', hi: 'आप मुझे वापस कॉल कर सकते हैं' },
      },
      context,
    });
  });

  it('drops blank optional answers', () => {
    expect(read({ fields: { name: 'Asha', note: '   ' }, consent: true }).fields).toEqual({
      name: 'Asha',
    });
  });

  it('names every problem: unknown ids, blank required, too long, not an option, controls, consent', () => {
    const body = problem({
      fields: {
        name: 'x'.repeat(41),
        reason: 'refund',
        note: 'bell\u0007',
        phone_again: '1',
      },
    });
    expect(body.code).toBe('invalid_body');
    expect(body.errors).toEqual([
      { path: '/fields/phone_again', message: "is not one of this widget's fields" },
      { path: '/fields/name', message: 'must be at most 40 characters' },
      { path: '/fields/reason', message: "must be one of the field's options" },
      { path: '/fields/note', message: 'must not hold control characters' },
      { path: '/consent', message: 'is required: the visitor must tick the consent box' },
    ]);
    expect(problem({ consent: true }).errors).toEqual([
      { path: '/fields/name', message: 'is required' },
    ]);
  });

  it('refuses bidirectional overrides even in a textarea, and line breaks outside one', () => {
    expect(problem({ fields: { name: 'Asha\nEvil' }, consent: true }).errors).toEqual([
      { path: '/fields/name', message: 'must not hold control characters' },
    ]);
    expect(
      problem({ fields: { name: 'Asha', note: 'gnp.exe\u202Etxt' }, consent: true }).errors,
    ).toEqual([{ path: '/fields/note', message: 'must not hold control characters' }]);
  });

  it('refuses consent on a widget that asks for none, and drops context when not collected', () => {
    const plain = validateConfig(config({ collectContext: false })).widgets.get('support')!;
    expect(() => read({ consent: true }, plain)).toThrow(/asks for no consent/);
    expect(read({ context: { gclid: 'abc' } }, plain)).toEqual({
      fields: {},
      consent: null,
      context: null,
    });
  });
});
