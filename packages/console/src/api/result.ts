import type { Problem } from './types.js';

/** What an API call came to: the data, or the problem (none when the server was not reached). */
export type Result<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; problem: Problem | null; retryAfterSeconds: number | null };

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** Awaits an openapi-fetch call; a network failure becomes `status: 0`. */
export async function settle<T>(request: Promise<Answer<T>>): Promise<Result<T>> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch {
    return { ok: false, status: 0, problem: null, retryAfterSeconds: null };
  }
  const { data, error, response } = answer;
  if (response.ok) return { ok: true, data: data as T };
  const problem = isProblem(error) ? error : null;
  const header = Number(response.headers.get('Retry-After'));
  return {
    ok: false,
    status: response.status,
    problem,
    retryAfterSeconds: problem?.retryAfterSeconds ?? (header > 0 ? header : null),
  };
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value;
}

export type Failure = Extract<Result<unknown>, { ok: false }>;
