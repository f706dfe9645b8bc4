import { describe, expect, it } from 'vitest';
import { redactNumbers } from './redactNumbers.js';

describe('redactNumbers', () => {
  it('masks phone numbers however they are written', () => {
    expect(
      redactNumbers('Call to [09876501234] can not be made because of TRAI NDNC regulations'),
    ).toBe('Call to [[number]] can not be made because of TRAI NDNC regulations');
    expect(redactNumbers('To +91 98765 01234 and 080-4711 2400 (x)')).toBe(
      'To [number] and [number] (x)',
    );
    expect(redactNumbers('+919876501234')).toBe('[number]');
  });

  it('leaves short numbers, codes and sentences alone', () => {
    expect(redactNumbers('HTTP 403, code 35008, retry in 30 s')).toBe(
      'HTTP 403, code 35008, retry in 30 s',
    );
    expect(redactNumbers('Your account is not yet KYC compliant')).toBe(
      'Your account is not yet KYC compliant',
    );
  });
});
