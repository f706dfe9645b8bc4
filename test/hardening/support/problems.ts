import { PROBLEMS } from '@ringback/server';
import { expect } from 'vitest';

export const PROBLEM_CODES = new Set(Object.keys(PROBLEMS));

export interface Answer {
  status: number;
  /** The problem `code` of a refusal. */
  code?: string;
  body?: Record<string, unknown>;
}

/**
 * Asserts what every answer to hostile input must look like: never a 5xx, and every
 * refusal an `application/problem+json` carrying a known `code` and its own status.
 * Drains or cancels the body (event streams are cancelled).
 */
export async function expectWellFormed(response: Response): Promise<Answer> {
  expect(response.status, 'no 5xx for bad input').toBeLessThan(500);
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status };
  }
  const text = await response.text();
  if (response.status < 400) {
    // JSON answers are parsed; the console's files and CSV exports are taken as they are.
    const json = text && /^application\/(problem\+)?json/.test(type);
    return { status: response.status, ...(json ? { body: JSON.parse(text) } : {}) };
  }
  expect(type).toBe('application/problem+json');
  const body = JSON.parse(text) as { code?: string; status?: number };
  expect(PROBLEM_CODES.has(body.code ?? ''), `known problem code, got ${body.code}`).toBe(true);
  expect(body.status).toBe(response.status);
  return { status: response.status, code: body.code!, body };
}
