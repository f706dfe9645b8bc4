import { describe, expect, it } from 'vitest';
import type { Problem } from '../domain/problem.js';
import { validateCreateCallBody } from './validateCreateCallBody.js';

function errors(body: unknown) {
  try {
    validateCreateCallBody(body);
  } catch (error) {
    return (error as Problem).toJSON();
  }
  throw new Error('expected a problem');
}

describe('validateCreateCallBody', () => {
  it('accepts the documented fields', () => {
    expect(
      validateCreateCallBody({
        widgetId: 'support',
        phone: '+919812345678',
        country: 'IN',
        verificationToken: 't',
      }),
    ).toEqual({
      widgetId: 'support',
      phone: '+919812345678',
      country: 'IN',
      verificationToken: 't',
    });
    expect(validateCreateCallBody({ widgetId: 'w', phone: '1' })).toEqual({
      widgetId: 'w',
      phone: '1',
    });
  });

  it('refuses unknown fields, including ones only the server may choose', () => {
    const problem = errors({
      widgetId: 'support',
      phone: '+919812345678',
      from: '+911234567890',
      callerId: '080',
    });
    expect(problem.code).toBe('invalid_body');
    expect(problem.errors).toEqual([
      { path: '/from', message: 'unknown field' },
      { path: '/callerId', message: 'unknown field' },
    ]);
  });

  it('names every missing or malformed field', () => {
    expect(errors({}).errors).toEqual([
      { path: '/widgetId', message: 'is required' },
      { path: '/phone', message: 'is required' },
    ]);
    expect(
      errors({ widgetId: '../etc', phone: 7, country: 'india', verificationToken: '' }).errors?.map(
        (e) => e.path,
      ),
    ).toEqual(['/widgetId', '/phone', '/country', '/verificationToken']);
    expect(errors({ widgetId: 'w', phone: 'x'.repeat(33) }).detail).toBe(
      'The request body has 1 problem: /phone: must be 1 to 32 characters.',
    );
  });

  it('refuses bodies that are not objects', () => {
    for (const body of [null, [], 'call me', 42]) expect(errors(body).code).toBe('invalid_body');
  });

  it('takes lead fields, consent and context, strictly shaped', () => {
    const body = {
      widgetId: 'w',
      phone: '1',
      fields: { name: 'Asha' },
      consent: true,
      context: {
        pageUrl: 'https://shop.example/p',
        referrer: 'http://www.google.com/',
        utm: { source: 'mail', campaign: 'diwali' },
        gclid: 'Cj0KCQ',
      },
    };
    expect(validateCreateCallBody(body)).toEqual(body);
    expect(
      errors({
        widgetId: 'w',
        phone: '1',
        fields: { Name: 'x', ok: 3, long: 'x'.repeat(2001) },
        consent: 'yes',
        context: {
          pageUrl: 'javascript:alert(1)',
          referrer: 'x'.repeat(2049),
          utm: { source: 'a\u0000b', id: 'x', medium: '' },
          gclid: 7,
          ip: '1.2.3.4',
        },
      }).errors,
    ).toEqual([
      { path: '/fields/Name', message: 'is not a field id' },
      { path: '/fields/ok', message: 'must be a string' },
      { path: '/fields/long', message: 'must be at most 2000 characters' },
      { path: '/consent', message: 'must be true or false' },
      { path: '/context/ip', message: 'unknown field' },
      { path: '/context/pageUrl', message: 'must be an http(s) URL' },
      { path: '/context/referrer', message: 'must be a string of 1 to 2048 characters' },
      { path: '/context/gclid', message: 'must be a string of 1 to 200 characters' },
      { path: '/context/utm/source', message: 'must not hold control characters' },
      { path: '/context/utm/id', message: 'unknown field' },
      { path: '/context/utm/medium', message: 'must be a string of 1 to 200 characters' },
    ]);
    expect(errors({ widgetId: 'w', phone: '1', fields: ['a'], context: 'x' }).errors).toEqual([
      { path: '/fields', message: 'must be an object of answers by field id' },
      { path: '/context', message: 'must be an object' },
    ]);
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, 'x']));
    expect(errors({ widgetId: 'w', phone: '1', fields: many }).errors).toEqual([
      { path: '/fields', message: 'must hold at most 20 answers' },
    ]);
  });
});
