import { describe, expect, it } from 'vitest';
import { toIsoDateTime } from './exotelDateTime.js';

describe('toIsoDateTime', () => {
  it('applies the account offset to zone-less dates', () => {
    expect(toIsoDateTime('2026-11-27 19:12:04')).toBe('2026-11-27T19:12:04+05:30');
    expect(toIsoDateTime('2026-11-27 19:12:04', '+08:00')).toBe('2026-11-27T19:12:04+08:00');
    expect(toIsoDateTime('2024-02-29 23:59:59')).toBe('2024-02-29T23:59:59+05:30');
  });

  it('keeps an offset Exotel sent, in ISO spelling', () => {
    expect(toIsoDateTime('2025-12-05 19:21:01+05:30', '+08:00')).toBe('2025-12-05T19:21:01+05:30');
    expect(toIsoDateTime('2025-12-05 19:21:01+0530')).toBe('2025-12-05T19:21:01+05:30');
    expect(toIsoDateTime('2025-12-05 13:51:01Z')).toBe('2025-12-05T13:51:01Z');
    expect(toIsoDateTime(' 2025-12-05T13:51:01Z ')).toBe('2025-12-05T13:51:01Z');
  });

  it('is null where Exotel means no time', () => {
    for (const value of ['', ' ', 'null', 'Null', '1970-01-01 05:30:00', '1970-01-01 00:00:00'])
      expect(toIsoDateTime(value), value).toBeNull();
  });

  it('is undefined for anything else', () => {
    for (const value of [
      '2026-02-30 10:00:00',
      '2026-11-27 24:00:00',
      '2026-11-27 10:60:00',
      '2026-11-27 10:00:60',
      '2026-13-01 10:00:00',
      '2026-00-10 10:00:00',
      '2026-04-31 10:00:00',
      '2100-02-29 10:00:00',
      '2026-11-27 10:00:00+15:00',
      '2026-11-27 10:00:00+05:3',
      '27/11/2026 10:00:00',
      'yesterday',
    ])
      expect(toIsoDateTime(value), value).toBeUndefined();
  });
});
