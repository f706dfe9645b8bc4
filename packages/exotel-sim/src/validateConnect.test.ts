import { describe, expect, it } from 'vitest';
import { ACCOUNT, basicAuth, createHarness, NUMBERS } from '../test/harness.js';
import { validateConnect } from './validateConnect.js';

const basic = { From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone };

describe('connect validation (400 RestException)', () => {
  it.each<[string, Record<string, string>, string]>([
    ['From missing', { To: basic.To, CallerId: basic.CallerId }, "Missing parameter: 'From'"],
    ['To missing', { From: basic.From, CallerId: basic.CallerId }, "Missing parameter: 'To'"],
    ['CallerId missing', { From: basic.From, To: basic.To }, "Missing parameter: 'CallerId'"],
    ['CallerId empty', { ...basic, CallerId: '' }, "Missing parameter: 'CallerId'"],
    ['TimeLimit too large', { ...basic, TimeLimit: '14401' }, "'TimeLimit'"],
    ['TimeLimit not an integer', { ...basic, TimeLimit: '60.5' }, "'TimeLimit'"],
    ['TimeLimit zero', { ...basic, TimeLimit: '0' }, "'TimeLimit'"],
    ['TimeOut too large', { ...basic, TimeOut: '61' }, "'TimeOut'"],
    ['TimeOut zero', { ...basic, TimeOut: '0' }, "'TimeOut'"],
    ['TimeOut not a number', { ...basic, TimeOut: 'thirty' }, "'TimeOut'"],
    ['CustomField too long', { ...basic, CustomField: 'x'.repeat(129) }, "'CustomField'"],
    ['CallType unknown', { ...basic, CallType: 'bulk' }, "'CallType'"],
    ['CallType promo', { ...basic, CallType: 'promo' }, 'no longer supported'],
    ['RecordingChannels unknown', { ...basic, RecordingChannels: 'stereo' }, "'RecordingChannels'"],
    ['RecordingFormat unknown', { ...basic, RecordingFormat: 'wav' }, "'RecordingFormat'"],
    [
      'StatusCallbackContentType unknown',
      { ...basic, StatusCallbackContentType: 'text/plain' },
      "'StatusCallbackContentType'",
    ],
    [
      'StatusCallbackEvents unknown',
      { ...basic, 'StatusCallbackEvents[0]': 'ringing' },
      "'StatusCallbackEvents'",
    ],
    ['Record not a boolean', { ...basic, Record: 'yes' }, "'Record'"],
    ['From unparseable', { ...basic, From: 'call me' }, "'From'"],
    ['To unparseable', { ...basic, To: '12345' }, "'To'"],
    ['CallerId unparseable', { ...basic, CallerId: '+91abc' }, "'CallerId'"],
    ['StatusCallback not a URL', { ...basic, StatusCallback: 'not a url' }, "'StatusCallback'"],
    [
      'StatusCallback not http',
      { ...basic, StatusCallback: 'ftp://x.test/cb' },
      "'StatusCallback'",
    ],
    ['WaitUrl not a URL', { ...basic, WaitUrl: '/relative.wav' }, "'WaitUrl'"],
    [
      'StartPlaybackToNew unknown',
      { ...basic, StartPlaybackToNew: 'Caller' },
      "'StartPlaybackToNew'",
    ],
  ])('%s', async (_, fields, message) => {
    const { connect, sim } = createHarness();
    for (const format of ['json', 'xml'] as const) {
      const res = await connect(fields, format);
      expect(res.status).toBe(400);
      const error = res.body.RestException as { Status: number; Message: string };
      expect(error.Status).toBe(400);
      expect(error.Message).toContain(message);
    }
    expect(sim.stats().connectsAccepted).toBe(0);
    expect(sim.calls()).toEqual([]);
  });

  it('refuses JSON bodies and other content types with a clear message', async () => {
    const { request } = createHarness();
    const path = `/v1/Accounts/${ACCOUNT}/Calls/connect.json`;
    const json = await request('POST', path, {
      body: JSON.stringify(basic),
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(400);
    expect(JSON.stringify(json.body)).toContain('JSON request bodies are not accepted');
    const text = await request('POST', path, {
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
  });

  it('refuses a malformed multipart body', async () => {
    const { request } = createHarness();
    const res = await request('POST', `/v1/Accounts/${ACCOUNT}/Calls/connect.json`, {
      body: '--nope\r\ngarbage',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('multipart');
  });

  it('refuses oversized bodies with 413 and stays up', async () => {
    const { request, connect } = createHarness({ maxBodyBytes: 1024 });
    const path = `/v1/Accounts/${ACCOUNT}/Calls/connect.json`;
    const big = new URLSearchParams({ ...basic, CustomField: 'x'.repeat(5000) });
    const declared = await request('POST', path, { body: big });
    expect(declared.status).toBe(413);
    // Without a Content-Length, the limit is enforced while reading the stream.
    const bytes = new TextEncoder().encode(big.toString());
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.slice(i, i + 100));
        controller.close();
      },
    });
    const streamed = await request('POST', path, {
      body: stream,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(streamed.status).toBe(413);
    expect((await connect(basic)).status).toBe(200);
  });
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['a wrong token', basicAuth('test-key', 'wrong')],
    ['a wrong key', basicAuth('wrong', 'test-token')],
    ['a Bearer token', 'Bearer test-token'],
    ['a malformed Basic value', 'Basic %%%'],
    ['no colon', `Basic ${btoa('test-keytest-token')}`],
  ])('answers 401 for %s', async (_, auth) => {
    const { connect, request, sim } = createHarness();
    const res = await request('POST', `/v1/Accounts/${ACCOUNT}/Calls/connect.json`, {
      body: new URLSearchParams({
        From: NUMBERS.agent,
        To: NUMBERS.customer,
        CallerId: NUMBERS.exophone,
      }),
      auth,
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      RestException: { Status: 401, Message: 'Authentication is required to view this page.' },
    });
    expect(sim.stats()).toMatchObject({ unauthorized: 1, connectsAccepted: 0 });
    expect(
      (await connect({ From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone }))
        .status,
    ).toBe(200);
  });

  it('refuses the right credentials on another AccountSid', async () => {
    const { request } = createHarness();
    const res = await request('POST', '/v1/Accounts/someoneelse/Calls/connect', {
      body: new URLSearchParams(basic),
    });
    expect(res.status).toBe(401);
    expect(res.text).toContain('<RestException>');
    expect((await request('GET', '/v1/Accounts/someoneelse/Calls/abc.json')).status).toBe(401);
  });
});

describe('validateConnect', () => {
  it('reads indexed, bracketed and repeated StatusCallbackEvents keys', () => {
    const base: [string, string][] = Object.entries(basic);
    const read = (fields: [string, string][]) => {
      const result = validateConnect([...base, ...fields]);
      if (!result.ok) throw new Error(result.message);
      return result.params.statusCallbackEvents;
    };
    expect(
      read([
        ['StatusCallbackEvents[0]', 'terminal'],
        ['StatusCallbackEvents[1]', 'answered'],
      ]),
    ).toEqual(['terminal', 'answered']);
    expect(
      read([
        ['StatusCallbackEvents[]', 'answered'],
        ['StatusCallbackEvents[]', 'terminal'],
      ]),
    ).toEqual(['answered', 'terminal']);
    expect(
      read([
        ['StatusCallbackEvents', 'terminal'],
        ['StatusCallbackEvents', 'terminal'],
      ]),
    ).toEqual(['terminal']);
    expect(read([['StatusCallbackEvents[0]', '']])).toBeNull();
    expect(read([])).toBeNull();
  });

  it('fills defaults and keeps what was sent', () => {
    const result = validateConnect([
      ...Object.entries(basic),
      ['Record', 'TRUE'],
      ['TimeLimit', '1800'],
      ['TimeOut', '30'],
      ['CustomField', 'call_7f3a9c'],
      ['StatusCallback', 'https://shop.example.com/cb?token=abc'],
      ['StatusCallbackContentType', 'application/json'],
      ['StreamUrl', 'wss://stream.example.com'],
      ['Unknown', 'ignored'],
    ]);
    expect(result).toEqual({
      ok: true,
      params: {
        from: '09876543210',
        to: '09812345678',
        fromEcho: '+919876543210',
        toEcho: '+919812345678',
        callerId: '08047112400',
        callType: 'trans',
        timeLimit: 1800,
        timeOut: 30,
        waitUrl: null,
        record: true,
        recordingChannels: 'single',
        recordingFormat: 'mp3',
        customField: 'call_7f3a9c',
        statusCallback: 'https://shop.example.com/cb?token=abc',
        statusCallbackEvents: null,
        statusCallbackContentType: 'application/json',
        startPlaybackToNew: null,
        startPlaybackValueNew: null,
        streamUrl: 'wss://stream.example.com',
        streamBegin: null,
      },
    });
  });

  it('takes the last of a repeated parameter', () => {
    const result = validateConnect([...Object.entries(basic), ['To', '9000000001']]);
    expect(result.ok && result.params.to).toBe('09000000001');
  });
});
