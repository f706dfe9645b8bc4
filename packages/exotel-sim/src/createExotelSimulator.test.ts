import { describe, expect, it } from 'vitest';
import { ACCOUNT, BASE, basicAuth, callOf, createHarness, NUMBERS } from '../test/harness.js';
import { createExotelSimulator } from './createExotelSimulator.js';

const basic = { From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone };

describe('Calls/connect', () => {
  it('answers JSON on .json with the call in progress, numbers echoed as sent', async () => {
    const { connect, sim } = createHarness();
    const res = await connect(basic);
    expect(res.status).toBe(200);
    const call = callOf(res);
    expect(call).toEqual({
      // 32 characters, ending in a non-hex letter as live Sids may.
      Sid: expect.stringMatching(/^[0-9a-f]{31}[g-z]$/),
      ParentCallSid: null,
      DateCreated: '2026-11-27 19:12:04',
      DateUpdated: '2026-11-27 19:12:04',
      AccountSid: ACCOUNT,
      To: '+919812345678',
      From: '+919876543210',
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
      Uri: `/v1/Accounts/${ACCOUNT}/Calls/${call.Sid}.json`,
      RecordingUrl: null,
    });
    expect(sim.stats().connectsAccepted).toBe(1);
  });

  it('answers the TwilioResponse XML envelope without the suffix, empty fields self-closing', async () => {
    const { connect } = createHarness();
    const res = await connect({ ...basic, From: '09876543210', To: '9812345678' }, 'xml');
    const sid = (callOf(res).Sid as string) ?? '';
    expect(res.text).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<TwilioResponse>
 <Call>
  <Sid>${sid}</Sid>
  <ParentCallSid/>
  <DateCreated>2026-11-27 19:12:04</DateCreated>
  <DateUpdated>2026-11-27 19:12:04</DateUpdated>
  <AccountSid>${ACCOUNT}</AccountSid>
  <To>09812345678</To>
  <From>09876543210</From>
  <PhoneNumberSid>08047112400</PhoneNumberSid>
  <Status>in-progress</Status>
  <StartTime>2026-11-27 19:12:04</StartTime>
  <EndTime/>
  <Duration/>
  <Price/>
  <Direction>outbound-api</Direction>
  <AnsweredBy/>
  <ForwardedFrom/>
  <CallerName/>
  <Uri>/v1/Accounts/${ACCOUNT}/Calls/${sid}</Uri>
  <RecordingUrl/>
 </Call>
</TwilioResponse>
`);
  });

  it('accepts a multipart body', async () => {
    const { request } = createHarness();
    const form = new FormData();
    for (const [key, value] of Object.entries(basic)) form.append(key, value);
    const res = await request('POST', `/v1/Accounts/${ACCOUNT}/Calls/connect.json`, { body: form });
    expect(res.status).toBe(200);
    expect(callOf(res).To).toBe('+919812345678');
  });

  it.each([
    ['+919812345678', '+919812345678'],
    ['+91 98123 45678', '+919812345678'],
    ['919812345678', '+919812345678'],
    ['00919812345678', '+919812345678'],
    ['09812345678', '09812345678'],
    ['9812345678', '09812345678'],
    ['098123-45678', '09812345678'],
    ['080-4711-2400', '08047112400'],
    ['+14155552671', '+14155552671'],
  ])('accepts %s and echoes %s, in Call Details too', async (input, echoed) => {
    const { connect, getCall, sim } = createHarness();
    const res = await connect({ ...basic, To: input });
    expect(callOf(res).To).toBe(echoed);
    const sid = callOf(res).Sid as string;
    expect(callOf(await getCall(sid)).To).toBe(echoed);
    // The simulator's own record keeps the normalised form its fates are keyed on.
    expect(sim.call(sid)!.params.to).toBe(
      echoed.startsWith('+91') ? `0${echoed.slice(3)}` : echoed,
    );
  });

  it('counts placed calls apart from refused requests', async () => {
    const { connect, sim } = createHarness();
    await connect(basic);
    await connect({ From: NUMBERS.agent });
    expect(sim.stats()).toMatchObject({ connectRequests: 2, connectsAccepted: 1, invalid: 1 });
  });
});

describe('Call Details', () => {
  it('reports the finished call with Duration, Price, EndTime and, with details=true, the legs', async () => {
    const { connect, getCall, sim } = createHarness({ detailsNumbers: 'string' });
    const sid = callOf(await connect(basic)).Sid as string;
    await sim.clock.advance(60_000);
    const call = callOf(await getCall(sid, '?details=true'));
    // Both answer after 2 s and talk 10 s: leg 1 up at 2 s, leg 2 at 4 s, end at 14 s.
    expect(call).toMatchObject({
      Sid: sid,
      Status: 'completed',
      DateUpdated: '2026-11-27 19:12:18',
      EndTime: '2026-11-27 19:12:18',
      Duration: '14',
      Price: '1.500',
      AnsweredBy: 'human',
      RecordingUrl: '',
      Uri: `/v1/Accounts/${ACCOUNT}/Calls/${sid}.json`,
      SubResourceUris: {
        Notifications: `/v1/Accounts/${ACCOUNT}/Calls/${sid}/Notifications.json`,
        Recordings: `/v1/Accounts/${ACCOUNT}/Calls/${sid}/Recordings.json`,
      },
      Details: {
        ConversationDuration: 10,
        Leg1Status: 'completed',
        Leg2Status: 'completed',
        Legs: [
          { Leg: { Id: 1, OnCallDuration: 12, AnsweredBy: 'human' } },
          { Leg: { Id: 2, OnCallDuration: 10, AnsweredBy: 'human' } },
        ],
      },
    });
  });

  it('writes Duration and Price as JSON numbers when the call drew them so', async () => {
    const { connect, getCall, sim } = createHarness({ detailsNumbers: 'number' });
    const sid = callOf(await connect(basic)).Sid as string;
    await sim.clock.advance(60_000);
    expect(callOf(await getCall(sid))).toMatchObject({ Duration: 14, Price: 1.5 });
    // XML is text either way.
    expect((await getCall(sid, '', 'xml')).text).toContain('<Price>1.500</Price>');
    expect(sim.call(sid)!.detailsNumbers).toBe('number');
  });

  it('draws strings or numbers per call from the seed, the same for the same seed', async () => {
    const draw = async (seed: number) => {
      const { connect, sim } = createHarness({ seed });
      for (let i = 0; i < 12; i++) await connect(basic);
      return sim.calls().map((call) => call.detailsNumbers);
    };
    const first = await draw(7);
    expect(new Set(first)).toEqual(new Set(['string', 'number']));
    expect(await draw(7)).toEqual(first);
  });

  it('shows the call in progress before it ends, without details unless asked', async () => {
    const { connect, getCall, sim } = createHarness();
    const sid = callOf(await connect(basic)).Sid as string;
    await sim.clock.advance(5_000);
    const call = callOf(await getCall(sid));
    expect(call).toMatchObject({
      Status: 'in-progress',
      EndTime: null,
      Duration: null,
      Price: null,
    });
    expect(call).not.toHaveProperty('Details');
  });

  it('answers XML without the suffix', async () => {
    const { connect, getCall, sim } = createHarness();
    const sid = callOf(await connect(basic)).Sid as string;
    await sim.clock.advance(60_000);
    const res = await getCall(sid, '?details=true', 'xml');
    expect(res.text).toContain('<Status>completed</Status>');
    expect(res.text).toContain(`<Uri>/v1/Accounts/${ACCOUNT}/Calls/${sid}</Uri>`);
    expect(callOf(res).Details).toMatchObject({ Legs: [{ Leg: { Id: 1 } }, { Leg: { Id: 2 } }] });
  });

  it('answers 404 for an unknown Sid, in both formats', async () => {
    const { getCall } = createHarness();
    expect((await getCall('0'.repeat(32))).status).toBe(404);
    const xml = await getCall('0'.repeat(32), '', 'xml');
    expect(xml.status).toBe(404);
    expect(xml.text).toContain('<RestException>');
  });

  it('fills Duration, Price and EndTime only after detailsDelayMs', async () => {
    const { connect, getCall, sim } = createHarness({
      detailsDelayMs: 120_000,
      detailsNumbers: 'string',
    });
    const sid = callOf(await connect(basic)).Sid as string;
    await sim.clock.advance(60_000);
    expect(callOf(await getCall(sid))).toMatchObject({
      Status: 'completed',
      EndTime: null,
      Duration: null,
      Price: null,
    });
    await sim.clock.advance(120_000);
    expect(callOf(await getCall(sid))).toMatchObject({ Duration: '14', Price: '1.500' });
  });

  it('gives a RecordingUrl with Record=true and serves it with the API credentials only', async () => {
    const { connect, getCall, sim } = createHarness();
    const sid = callOf(await connect({ ...basic, Record: 'true' })).Sid as string;
    await sim.clock.advance(60_000);
    const call = callOf(await getCall(sid));
    expect(call.RecordingUrl).toBe(`${BASE}/recordings/${ACCOUNT}/${sid}.mp3`);
    const url = call.RecordingUrl as string;
    const audio = await sim.fetch(new Request(url, { headers: { authorization: basicAuth() } }));
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/mpeg');
    expect(new Uint8Array(await audio.arrayBuffer()).slice(0, 2)).toEqual(
      new Uint8Array([0xff, 0xfb]),
    );
    for (const authorization of [undefined, basicAuth('test-key', 'wrong')]) {
      const refused = await sim.fetch(
        new Request(url, authorization ? { headers: { authorization } } : {}),
      );
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ RestException: { Status: 401 } });
    }
  });

  it('gives a PreSignedRecordingUrl that needs no credentials until it expires', async () => {
    const { connect, getCall, sim } = createHarness();
    const sid = callOf(await connect({ ...basic, Record: 'true' })).Sid as string;
    await sim.clock.advance(60_000);
    const call = callOf(await getCall(sid, '?RecordingUrlValidity=10'));
    const signed = call.PreSignedRecordingUrl as string;
    expect(signed).toMatch(
      new RegExp(
        `^${BASE}/recordings/${ACCOUNT}/${sid}\\.mp3\\?Expires=\\d+&Signature=[0-9a-f]{8}$`,
      ),
    );
    expect((await sim.fetch(new Request(signed))).status).toBe(200);
    expect((await sim.fetch(new Request(signed.replace(/.$/, 'x')))).status).toBe(401);
    const longer = signed.replace(/Expires=(\d+)/, (_, s) => `Expires=${Number(s) + 3600}`);
    expect((await sim.fetch(new Request(longer))).status).toBe(401);
    await sim.clock.advance(10 * 60_000 + 1000);
    expect((await sim.fetch(new Request(signed))).status).toBe(401);
  });

  it('refuses a RecordingUrlValidity outside 5..60 minutes', async () => {
    const { connect, getCall } = createHarness();
    const sid = callOf(await connect(basic)).Sid as string;
    const res = await getCall(sid, '?RecordingUrlValidity=90');
    expect(res.status).toBe(400);
  });
});

describe('real time', () => {
  it('runs a whole call on the sped-up real clock', async () => {
    let ended: (body: FormData) => void = () => {};
    const terminal = new Promise<FormData>((resolve) => {
      ended = resolve;
    });
    const sim = createExotelSimulator({
      speed: 10_000,
      fetch: async (input, init) => {
        ended(await new Request(input, init).formData());
        return new Response(null, { status: 200 });
      },
    });
    const res = await sim.fetch(
      new Request(`${BASE}/v1/Accounts/ringbacksim/Calls/connect.json`, {
        method: 'POST',
        headers: { authorization: basicAuth('sim-api-key', 'sim-api-token') },
        body: new URLSearchParams({ ...basic, StatusCallback: 'https://shop.example.com/cb' }),
      }),
    );
    expect(res.status).toBe(200);
    const body = await terminal;
    expect(body.get('Status')).toBe('completed');
    await sim.settle();
    expect(sim.deliveries()[0]!.state).toBe('delivered');
    await sim.close();
  });
});

describe('rate limit', () => {
  it('allows 200 requests a minute per account, then answers 429 until the window moves', async () => {
    const { getCall, sim } = createHarness();
    for (let i = 0; i < 200; i++) expect((await getCall('x')).status).toBe(404);
    const limited = await getCall('x');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ RestException: { Status: 429, Message: 'Too many requests.' } });
    await sim.clock.advance(60_001);
    expect((await getCall('x')).status).toBe(404);
    expect(sim.stats().rateLimited).toBe(1);
  });
});

describe('routing', () => {
  it('answers unknown paths and wrong methods with a RestException', async () => {
    const { request } = createHarness();
    expect((await request('GET', '/v1/Accounts/x/Whatever.json')).status).toBe(404);
    expect((await request('GET', '/nothing-here')).status).toBe(404);
    const wrongMethod = await request('GET', `/v1/Accounts/${ACCOUNT}/Calls/connect.json`);
    expect(wrongMethod.status).toBe(405);
    expect((await request('GET', `/v1/Accounts/${ACCOUNT}/Calls/connect`)).status).toBe(405);
    expect((await request('POST', `/v1/Accounts/${ACCOUNT}/Calls/abc.json`)).status).toBe(405);
  });

  it('answers 503 once closed', async () => {
    const sim = createExotelSimulator({ clock: 'manual' });
    await sim.close();
    const res = await sim.fetch(
      new Request(`${BASE}/v1/Accounts/ringbacksim/Calls/connect.json`, {
        method: 'POST',
        headers: { authorization: basicAuth('sim-api-key', 'sim-api-token') },
      }),
    );
    expect(res.status).toBe(503);
  });

  it('survives garbage', async () => {
    const { sim } = createHarness();
    const garbage = [
      new Request(`${BASE}/v1/Accounts/%E0%A4%A/Calls/connect.json`, { method: 'POST', body: 'x' }),
      new Request(`${BASE}/v1/Accounts/${ACCOUNT}/Calls/%ZZ.json`, {
        headers: { authorization: basicAuth() },
      }),
      new Request(`${BASE}/v1/Accounts/${ACCOUNT}/Calls/connect.json`, {
        method: 'POST',
        headers: { authorization: 'Basic !!!' },
      }),
      new Request(`${BASE}/_sim/numbers/%E0%A4%A`, { method: 'PUT', body: '{' }),
    ];
    for (const request of garbage) {
      const res = await sim.fetch(request);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
