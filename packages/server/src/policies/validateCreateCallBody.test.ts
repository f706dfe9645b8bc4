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
});
