import {
  createExotelSimulator,
  type ExotelSimulator,
  type ExotelSimulatorOptions,
} from '../src/index.js';
import { type CheckedResponse, checkCallback, checkResponse } from './conformance.js';

/** 2026-11-27 13:42:04 UTC = 19:12:04 IST, the spec examples' moment. */
export const START = Date.UTC(2026, 10, 27, 13, 42, 4);
export const BASE = 'http://exotel.test';
export const ACCOUNT = 'ringbacktest';
export const KEY = 'test-key';
export const TOKEN = 'test-token';

export interface ReceivedCallback {
  url: string;
  contentType: string;
  body: Record<string, unknown>;
  /** Simulated time the callback was received. */
  at: number;
}

export interface HarnessOptions extends ExotelSimulatorOptions {
  /** Answers callbacks; 200 by default. */
  receiver?: (request: Request) => Response | Promise<Response>;
}

export function basicAuth(key = KEY, token = TOKEN): string {
  return `Basic ${btoa(`${key}:${token}`)}`;
}

/**
 * A simulator on the manual clock whose callbacks land in `received`, and helpers
 * that send Exotel requests and validate every answer against the spec.
 */
export function createHarness(options: HarnessOptions = {}) {
  const received: ReceivedCallback[] = [];
  const { receiver, ...simOptions } = options;
  let sim: ExotelSimulator;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = await checkCallback(request.clone());
    received.push({
      url: request.url,
      contentType: request.headers.get('content-type') ?? '',
      body,
      at: sim.clock.now(),
    });
    return receiver ? receiver(request) : new Response(null, { status: 200 });
  };
  sim = createExotelSimulator({
    accountSid: ACCOUNT,
    apiKey: KEY,
    apiToken: TOKEN,
    clock: 'manual',
    startTime: START,
    seed: 42,
    fetch,
    ...simOptions,
  });

  async function request(
    method: string,
    path: string,
    init: { body?: BodyInit; headers?: Record<string, string>; auth?: string | null } = {},
  ): Promise<CheckedResponse> {
    const url = `${BASE}${path}`;
    const headers: Record<string, string> = { ...init.headers };
    const auth = init.auth === undefined ? basicAuth() : init.auth;
    if (auth !== null) headers.authorization = auth;
    // duplex: Node's Request needs it for a stream body (not in the DOM types).
    const response = await sim.fetch(
      new Request(url, { method, headers, body: init.body, duplex: 'half' } as RequestInit),
    );
    return checkResponse(method, url, response);
  }

  /** `POST …/Calls/connect(.json)` with a urlencoded body. */
  function connect(
    fields: Record<string, string> | [string, string][],
    format: 'json' | 'xml' = 'json',
  ) {
    return request(
      'POST',
      `/v1/Accounts/${ACCOUNT}/Calls/connect${format === 'json' ? '.json' : ''}`,
      {
        body: new URLSearchParams(fields),
      },
    );
  }

  function getCall(sid: string, query = '', format: 'json' | 'xml' = 'json') {
    return request(
      'GET',
      `/v1/Accounts/${ACCOUNT}/Calls/${sid}${format === 'json' ? '.json' : ''}${query}`,
    );
  }

  return { sim, received, request, connect, getCall };
}

export const NUMBERS = {
  agent: '+919876543210',
  customer: '+919812345678',
  exophone: '08047112400',
} as const;

/** The Call object of a checked response. */
export function callOf(response: CheckedResponse): Record<string, unknown> {
  return response.body.Call as Record<string, unknown>;
}
