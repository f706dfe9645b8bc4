import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createExotelClient, type ExotelClientOptions } from './createExotelClient.js';
import { ExotelError } from './ExotelError.js';

const CREDENTIALS = { accountSid: 'acme1', apiKey: 'key-7c1d', apiToken: 'tok-secret-9f2a' };

const CALL = {
  Sid: 'b6cfaf7a4dc7fd5fa3c6e0e0a9bf187x',
  ParentCallSid: null,
  DateCreated: '2026-11-27 19:12:04',
  DateUpdated: '2026-11-27 19:12:04',
  AccountSid: 'acme1',
  To: '09812345678',
  From: '09876543210',
  PhoneNumberSid: '08047112400',
  Status: 'in-progress',
  StartTime: '2026-11-27 19:12:04',
  EndTime: null,
  Duration: null,
  Price: null,
  Direction: 'outbound-api',
  AnsweredBy: null,
  ForwardedFrom: null,
  CallerName: null,
  Uri: '/v1/Accounts/acme1/Calls/b6cfaf7a4dc7fd5fa3c6e0e0a9bf187x.json',
  RecordingUrl: null,
};

/** A fetch that records each request and answers from a queue. */
function recordingFetch(...answers: Array<Response | (() => Response | Promise<Response>)>) {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    bodies.push(await request.clone().text());
    const next = answers.shift();
    if (!next) throw new Error('no answer queued');
    return typeof next === 'function' ? next() : next;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests, bodies };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const client = (fetch: typeof globalThis.fetch, extra: Partial<ExotelClientOptions> = {}) =>
  createExotelClient({ ...CREDENTIALS, fetch, ...extra });

describe('connectCall', () => {
  it('POSTs a form to connect.json with Basic auth in a header only', async () => {
    const io = recordingFetch(json(200, { Call: CALL }));
    const call = await client(io.fetch).connectCall({
      from: '+919876543210',
      to: '+919812345678',
      callerId: '08047112400',
      statusCallbackEvents: ['terminal', 'answered'],
    });
    expect(call).toEqual({
      sid: CALL.Sid,
      status: 'in-progress',
      statusKnown: true,
      parentCallSid: null,
      dateCreated: '2026-11-27T19:12:04+05:30',
      dateUpdated: '2026-11-27T19:12:04+05:30',
      accountSid: 'acme1',
      to: '09812345678',
      from: '09876543210',
      phoneNumberSid: '08047112400',
      startTime: '2026-11-27T19:12:04+05:30',
      endTime: null,
      duration: null,
      price: null,
      direction: 'outbound-api',
      answeredBy: null,
      forwardedFrom: null,
      callerName: null,
      uri: CALL.Uri,
      recordingUrl: null,
      preSignedRecordingUrl: null,
      raw: CALL,
    });
    const [request] = io.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('https://api.exotel.com/v1/Accounts/acme1/Calls/connect.json');
    expect(request!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request!.headers.get('authorization')).toBe(`Basic ${btoa('key-7c1d:tok-secret-9f2a')}`);
    expect(request!.url).not.toContain('tok-secret');
    expect(io.bodies[0]).toBe(
      'From=%2B919876543210&To=%2B919812345678&CallerId=08047112400&StatusCallbackEvents%5B0%5D=terminal&StatusCallbackEvents%5B1%5D=answered',
    );
  });

  it('uses the Mumbai cluster, or a base URL that overrides the region', async () => {
    const io = recordingFetch(json(200, { Call: CALL }), json(200, { Call: CALL }));
    await client(io.fetch, { region: 'mumbai' }).connectCall({ from: '1', to: '2', callerId: '3' });
    await client(io.fetch, { region: 'mumbai', baseUrl: 'http://127.0.0.1:4010/' }).connectCall({
      from: '1',
      to: '2',
      callerId: '3',
    });
    expect(io.requests.map((r) => new URL(r.url).origin)).toEqual([
      'https://api.in.exotel.com',
      'http://127.0.0.1:4010',
    ]);
  });

  it('never retries, even on a 503', async () => {
    const io = recordingFetch(
      json(503, { RestException: { Status: 503, Message: 'Service Unavailable', Code: 35008 } }),
      json(200, { Call: CALL }),
    );
    await expect(
      client(io.fetch).connectCall({ from: '1', to: '2', callerId: '3' }),
    ).rejects.toMatchObject({
      kind: 'server',
      status: 503,
      code: 35008,
      message: 'Exotel 503: Service Unavailable',
    });
    expect(io.requests).toHaveLength(1);
  });

  it('refuses missing credentials up front', () => {
    expect(() => createExotelClient({ ...CREDENTIALS, apiToken: '' })).toThrow(
      'apiToken is required',
    );
  });
});

describe('errors', () => {
  const cases: Array<[string, Response, Partial<ExotelError>]> = [
    [
      '400 bad request',
      json(400, { RestException: { Status: 400, Message: "Missing parameter: 'CallerId'" } }),
      {
        kind: 'invalid_request',
        status: 400,
        message: "Exotel 400: Missing parameter: 'CallerId'",
      },
    ],
    [
      '401 credentials',
      json(401, {
        RestException: { Status: 401, Message: 'Authentication is required to view this page.' },
      }),
      { kind: 'auth', status: 401 },
    ],
    [
      '402 credits',
      json(402, {
        RestException: { Status: 402, Message: 'Your account does not have enough credits' },
      }),
      { kind: 'payment', status: 402 },
    ],
    [
      '403 NDNC',
      json(403, {
        RestException: {
          Status: 403,
          Message: 'Call to 09812345678 cannot be made because of TRAI NDNC regulations',
        },
      }),
      { kind: 'forbidden', status: 403, reason: 'ndnc' },
    ],
    [
      '403 KYC',
      json(403, {
        RestException: {
          Status: 403,
          Message: 'Your account is not KYC compliant. Calls are blocked.',
        },
      }),
      { kind: 'forbidden', status: 403, reason: 'kyc' },
    ],
    [
      '403 KYC, worded as Exotel words it, without a Code',
      json(403, {
        RestException: {
          Status: 403,
          Message: 'Your account is not yet KYC compliant. Please complete your KYC to make calls.',
        },
      }),
      { kind: 'forbidden', status: 403, reason: 'kyc', code: undefined },
    ],
    [
      '403 NDNC, worded as Exotel words it',
      json(403, {
        RestException: {
          Status: 403,
          Message: 'Call to 09812345678 can not be made because of TRAI NDNC regulations',
        },
      }),
      { kind: 'forbidden', status: 403, reason: 'ndnc' },
    ],
    [
      '403 other',
      json(403, { RestException: { Status: 403, Message: 'Forbidden' } }),
      { kind: 'forbidden', status: 403, reason: undefined },
    ],
    [
      '404',
      json(404, { RestException: { Status: 404, Message: 'Not Found' } }),
      { kind: 'not_found', status: 404 },
    ],
    [
      '409',
      json(409, { RestException: { Status: 409, Message: 'Conflict' } }),
      { kind: 'invalid_request', status: 409 },
    ],
    [
      '429 with Retry-After',
      json(
        429,
        { RestException: { Status: 429, Message: 'Too many requests' } },
        { 'retry-after': '7' },
      ),
      { kind: 'rate_limited', status: 429, retryAfterMs: 7000 },
    ],
    [
      '429 without Retry-After',
      json(429, { RestException: { Status: 429, Message: 'Too many requests' } }),
      { kind: 'rate_limited', status: 429, retryAfterMs: undefined },
    ],
    [
      '500 with a string Code',
      json(500, {
        RestException: { Status: 500, Message: 'Internal Server Error', Code: '35001' },
      }),
      { kind: 'server', status: 500, code: 35001 },
    ],
    [
      'an HTML 502 from a load balancer',
      new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'content-type': 'text/html' },
      }),
      {
        kind: 'server',
        status: 502,
        message: 'Exotel answered 502 Bad Gateway without a RestException (text/html)',
      },
    ],
    [
      'an XML RestException',
      new Response(
        '<?xml version="1.0"?><TwilioResponse><RestException><Status>403</Status><Message>Blocked &amp; DND</Message><Code>1234</Code></RestException></TwilioResponse>',
        { status: 403, headers: { 'content-type': 'application/xml' } },
      ),
      { kind: 'forbidden', reason: 'ndnc', code: 1234, message: 'Exotel 403: Blocked & DND' },
    ],
  ];

  it.each(cases)('%s', async (_, response, expected) => {
    const io = recordingFetch(response);
    const error = await client(io.fetch)
      .connectCall({ from: '1', to: '2', callerId: '3' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExotelError);
    expect(error).toMatchObject({ ...expected, mayHaveReachedExotel: true });
    expect(String((error as Error).message)).not.toContain('tok-secret');
  });

  it('a 200 that is not JSON is a clear server error', async () => {
    const io = recordingFetch(
      new Response('<TwilioResponse/>', { status: 200, headers: { 'content-type': 'text/xml' } }),
    );
    await expect(client(io.fetch).getCall('abc')).rejects.toMatchObject({
      kind: 'server',
      message: 'Exotel answered 200 with a body that is not JSON (text/xml)',
    });
  });

  it('a 200 without a Call is a clear server error', async () => {
    const io = recordingFetch(json(200, { ok: true }));
    await expect(client(io.fetch).getCall('abc')).rejects.toMatchObject({
      kind: 'server',
      message: 'Exotel answered 200 without a Call record',
    });
  });
});

describe('transport failures, over real loopback', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  it('connection refused: network, provably never sent', async () => {
    const url = await listen(() => {});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await createExotelClient({ ...CREDENTIALS, baseUrl: url })
      .connectCall({ from: '1', to: '2', callerId: '3' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', mayHaveReachedExotel: false });
    expect((error as Error).message).toBe('Could not reach Exotel (ECONNREFUSED)');
  });

  it('a reset after the request was sent: network, may have reached Exotel', async () => {
    const url = await listen((req) => req.socket.destroy());
    const error = await createExotelClient({ ...CREDENTIALS, baseUrl: url })
      .connectCall({ from: '1', to: '2', callerId: '3' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', mayHaveReachedExotel: true });
  });

  it('no answer in time: timeout, may have reached Exotel', async () => {
    const url = await listen(() => {
      /* never answers */
    });
    const error = await createExotelClient({ ...CREDENTIALS, baseUrl: url, timeoutMs: 50 })
      .connectCall({ from: '1', to: '2', callerId: '3' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'timeout',
      mayHaveReachedExotel: true,
      message: 'Exotel did not answer within 50 ms',
    });
    server!.closeAllConnections();
  });

  it('a caller abort is passed through, not turned into a timeout', async () => {
    const url = await listen(() => {});
    const controller = new AbortController();
    const pending = createExotelClient({ ...CREDENTIALS, baseUrl: url })
      .connectCall({ from: '1', to: '2', callerId: '3' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort(new Error('visitor left'));
    expect(await pending).toMatchObject({ message: 'visitor left' });
    server!.closeAllConnections();
  });
});

describe('getCall', () => {
  it('GETs Call Details with details and RecordingUrlValidity', async () => {
    const io = recordingFetch(
      json(200, { Call: { ...CALL, Status: 'completed', Details: { Leg1Status: 'completed' } } }),
    );
    const call = await client(io.fetch).getCall(CALL.Sid, {
      details: true,
      recordingUrlValidity: 10,
    });
    expect(call.details).toEqual({
      conversationDuration: null,
      leg1Status: 'completed',
      leg2Status: null,
      legs: [],
    });
    expect(io.requests[0]!.method).toBe('GET');
    expect(io.requests[0]!.url).toBe(
      `https://api.exotel.com/v1/Accounts/acme1/Calls/${CALL.Sid}.json?details=true&RecordingUrlValidity=10`,
    );
  });

  it('does not retry unless asked', async () => {
    const io = recordingFetch(json(503, {}), json(200, { Call: CALL }));
    await expect(client(io.fetch).getCall(CALL.Sid)).rejects.toMatchObject({ kind: 'server' });
    expect(io.requests).toHaveLength(1);
  });

  it('retries 429, 5xx and network errors with backoff when asked, then succeeds', async () => {
    const io = recordingFetch(
      json(429, {}),
      () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      },
      json(502, {}),
      json(200, { Call: CALL }),
    );
    const call = await client(io.fetch).getCall(CALL.Sid, {
      retry: { attempts: 4, baseDelayMs: 1 },
    });
    expect(call.sid).toBe(CALL.Sid);
    expect(io.requests).toHaveLength(4);
  });

  it('gives up after the attempts, and never retries a 404', async () => {
    const io = recordingFetch(json(500, {}), json(500, {}), json(404, {}));
    await expect(
      client(io.fetch).getCall(CALL.Sid, { retry: { attempts: 2, baseDelayMs: 1 } }),
    ).rejects.toMatchObject({ status: 500 });
    await expect(
      client(io.fetch).getCall(CALL.Sid, { retry: { attempts: 5, baseDelayMs: 1 } }),
    ).rejects.toMatchObject({ kind: 'not_found' });
    expect(io.requests).toHaveLength(3);
  });
});

describe('the call shape', () => {
  const read = async (wire: Record<string, unknown>, extra: Partial<ExotelClientOptions> = {}) => {
    const io = recordingFetch(json(200, { Call: { ...CALL, ...wire } }));
    return client(io.fetch, extra).getCall(CALL.Sid, { details: true });
  };

  it('reads Duration, Price and durations sent as strings or as numbers', async () => {
    const legs = (a: unknown, b: unknown) => [
      { Leg: { Id: 1, OnCallDuration: a, AnsweredBy: 'NA' } },
      { Leg: { Id: '2', OnCallDuration: b, answeredBy: 'human' } },
    ];
    const asStrings = await read({
      Duration: '17',
      Price: '1.500',
      Details: { ConversationDuration: '9', Legs: legs('17', '9') },
    });
    const asNumbers = await read({
      Duration: 17,
      Price: 1.5,
      Details: { ConversationDuration: 9, Legs: legs(17, 9) },
    });
    for (const call of [asStrings, asNumbers]) {
      expect(call).toMatchObject({ duration: 17, price: 1.5 });
      expect(call.details).toEqual({
        conversationDuration: 9,
        leg1Status: null,
        leg2Status: null,
        legs: [
          { id: 1, onCallDuration: 17, answeredBy: 'NA' },
          { id: 2, onCallDuration: 9, answeredBy: 'human' },
        ],
      });
    }
    expect(asStrings.raw.Duration).toBe('17');
    expect(asNumbers.raw.Duration).toBe(17);
  });

  it('reads "", the text null and the epoch as null', async () => {
    const call = await read({
      ParentCallSid: '',
      EndTime: '1970-01-01 05:30:00',
      Duration: '',
      Price: 'NULL',
      AnsweredBy: ' ',
      RecordingUrl: 'null',
      PreSignedRecordingUrl: '',
      Details: { ConversationDuration: 'null', Leg1Status: '', Leg2Status: null },
    });
    expect(call).toMatchObject({
      parentCallSid: null,
      endTime: null,
      duration: null,
      price: null,
      answeredBy: null,
      recordingUrl: null,
      preSignedRecordingUrl: null,
      details: { conversationDuration: null, leg1Status: null, leg2Status: null, legs: [] },
    });
  });

  it('applies the account offset to dates without one and keeps an offset Exotel sent', async () => {
    const wire = { DateUpdated: '2026-11-27 19:12:58+0530', EndTime: '2026-11-27 13:42:58Z' };
    expect(await read(wire)).toMatchObject({
      dateCreated: '2026-11-27T19:12:04+05:30',
      dateUpdated: '2026-11-27T19:12:58+05:30',
      endTime: '2026-11-27T13:42:58Z',
    });
    expect(await read(wire, { utcOffset: '+08:00' })).toMatchObject({
      dateCreated: '2026-11-27T19:12:04+08:00',
      dateUpdated: '2026-11-27T19:12:58+05:30',
    });
    expect(() => client(fetch, { utcOffset: 'IST' })).toThrow('utcOffset must look like +05:30');
  });

  it('reads statuses without case and keeps one it does not know, flagged', async () => {
    expect(
      await read({ Status: 'Completed', Details: { Leg1Status: 'Completed', Leg2Status: 'busy' } }),
    ).toMatchObject({
      status: 'completed',
      statusKnown: true,
      details: { leg1Status: 'completed', leg2Status: 'busy' },
    });
    expect(await read({ Status: 'on-hold', Details: { Leg1Status: 'free' } })).toMatchObject({
      status: 'on-hold',
      statusKnown: false,
      details: { leg1Status: 'free' },
    });
  });

  it('a value that cannot be read is null, and raw keeps it; the call is still returned', async () => {
    const call = await read({
      DateCreated: 'yesterday',
      Duration: 'long',
      Price: '₹1',
      Details: 7,
    });
    expect(call).toMatchObject({ sid: CALL.Sid, dateCreated: null, duration: null, price: null });
    expect(call.details).toBeUndefined();
    expect(call.raw).toMatchObject({ DateCreated: 'yesterday', Duration: 'long', Price: '₹1' });
  });
});

describe('secrets', () => {
  it('the client object shows no credentials when logged or serialized', () => {
    const exotel = createExotelClient(CREDENTIALS);
    const shown = `${JSON.stringify(exotel)} ${String(exotel)} ${Object.values(exotel).join(' ')}`;
    expect(shown).not.toContain('tok-secret');
    expect(shown).not.toContain(btoa('key-7c1d:tok-secret-9f2a'));
  });
});
