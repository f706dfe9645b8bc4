import { describe, expect, it } from 'vitest';
import { checkLead, leadErrors } from './checkLead.js';
import type { Widget } from './types.js';

const WIDGET: Pick<Widget, 'fields' | 'consent'> = {
  fields: [
    { id: 'name', label: { en: 'Name', hi: 'नाम' }, type: 'text', required: true, maxLength: 10 },
    { id: 'note', label: { en: 'Note' }, type: 'textarea', required: false, maxLength: 200 },
    {
      id: 'reason',
      label: { en: 'Reason' },
      type: 'select',
      required: false,
      maxLength: 200,
      options: [
        { value: 'sales', label: { en: 'Buying' } },
        { value: 'billing', label: { en: 'Billing' } },
      ],
    },
  ],
  consent: { text: { en: 'You may call me' }, required: true },
};

describe('checkLead', () => {
  it('keeps the widget’s fields only, cleaned, and leaves blank ones out', () => {
    expect(
      checkLead(WIDGET, {
        fields: {
          name: '  As\u202eha\u0007\t ',
          note: ' line 1\n\tline 2\r\u0000\u2029 ',
          reason: '',
          other: 'x',
        },
        consent: true,
      }),
    ).toEqual({ fields: { name: 'Asha', note: 'line 1\n\tline 2' }, errors: [] });
  });

  it('refuses what the proxy refuses', () => {
    expect(
      checkLead(WIDGET, { fields: { name: 'Ashapurna Devi', reason: 'refund' } }).errors,
    ).toEqual([
      { path: '/fields/name', message: 'too_long' },
      { path: '/fields/reason', message: 'invalid' },
      { path: '/consent', message: 'required' },
    ]);
    expect(checkLead(WIDGET, { fields: { name: ' \n ' }, consent: true }).errors).toEqual([
      { path: '/fields/name', message: 'required' },
    ]);
  });

  it('asks nothing of a widget without fields or consent', () => {
    expect(checkLead({}, { fields: { name: 'Asha' } })).toEqual({ fields: {}, errors: [] });
    expect(checkLead({ fields: [], consent: null }, {})).toEqual({ fields: {}, errors: [] });
    expect(
      checkLead({ consent: { text: { en: 'ok' }, required: false } }, { consent: false }).errors,
    ).toEqual([]);
  });
});

describe('leadErrors', () => {
  it('maps refusals by path, reading the proxy’s own words', () => {
    expect(
      leadErrors([
        { path: '/fields/name', message: 'is required' },
        { path: '/fields/note', message: 'must NOT contain control characters' },
        { path: '/consent', message: 'too_long' },
        { path: '/phone', message: 'required' },
        { path: '/consentText', message: 'required' },
      ]),
    ).toEqual({ '/fields/name': 'required', '/fields/note': 'invalid', '/consent': 'too_long' });
    expect(leadErrors(undefined)).toEqual({});
  });
});
