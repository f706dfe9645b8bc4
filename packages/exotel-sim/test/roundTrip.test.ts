import {
  createExotelClient,
  type ExotelError,
  parseStatusCallback,
  type StatusCallbackEvent,
} from '@ringback/exotel';
import { describe, expect, it } from 'vitest';
import { MAGIC_NUMBERS } from '../src/index.js';
import { checkResponse } from './conformance.js';
import { ACCOUNT, BASE, createHarness, KEY, NUMBERS, TOKEN } from './harness.js';

type ContentType = 'multipart/form-data' | 'application/json';

/** A simulator, and the real client pointed at it; every answer checked against the spec. */
function setUp(options: Parameters<typeof createHarness>[0] = {}) {
  const events: StatusCallbackEvent[] = [];
  const harness = createHarness({
    ...options,
    receiver: async (request) => {
      events.push(await parseStatusCallback(request));
      return new Response(null, { status: 204 });
    },
  });
  const simFetch = harness.sim.asFetch();
  const client = createExotelClient({
    accountSid: ACCOUNT,
    apiKey: KEY,
    apiToken: TOKEN,
    baseUrl: BASE,
    async fetch(input, init) {
      const request = new Request(input, init);
      const response = await simFetch(request);
      await checkResponse(request.method, request.url, response.clone());
      return response;
    },
  });
  return { ...harness, client, events };
}

/** Every fate: the magic numbers as To and (where they differ) as From, plus a timed one. */
const fates: { name: string; from: string; to: string }[] = [
  ...Object.entries(MAGIC_NUMBERS)
    .filter(([, { fate }]) => fate.outcome !== 'ndnc' && fate.outcome !== 'kyc')
    .flatMap(([digits, { description }]) => [
      { name: `To ${description}`, from: NUMBERS.agent, to: `+91${digits}` },
      { name: `From ${description}`, from: `+91${digits}`, to: NUMBERS.customer },
    ]),
  { name: 'From patient only 5 s, To never answers', from: '+919000000008', to: '+919000000002' },
  { name: 'timed 9001AAMMMM', from: NUMBERS.agent, to: '+919001030045' },
];

describe.each<ContentType>(['multipart/form-data', 'application/json'])(
  'round trip with @ringback/exotel, callbacks as %s',
  (contentType) => {
    it.each(fates)('$name', async ({ from, to }) => {
      const { client, sim, events } = setUp();
      const created = await client.connectCall({
        from,
        to,
        callerId: NUMBERS.exophone,
        timeLimit: 120,
        timeOut: 30,
        record: true,
        customField: 'order-42',
        statusCallback: 'https://shop.example.com/cb?token=t',
        statusCallbackEvents: ['terminal', 'answered'],
        statusCallbackContentType: contentType,
      });
      expect(created).toMatchObject({ status: 'in-progress', direction: 'outbound-api' });
      // 32 characters, not all hex: the client must treat it as opaque.
      expect(created.sid).toMatch(/^[0-9a-f]{31}[g-z]$/);

      await sim.clock.advance(10 * 60_000);

      const call = await client.getCall(created.sid, { details: true });
      const details = call.details!;
      const terminal = events.at(-1)!;
      const answered = events.slice(0, -1);
      expect(events.every((e) => e.callSid === created.sid)).toBe(true);
      // The callback and Call Details read into the same camelCase fields.
      expect(terminal).toMatchObject({
        eventType: 'terminal',
        status: call.status,
        customField: 'order-42',
        to: call.to,
        from: call.from,
        phoneNumberSid: call.phoneNumberSid,
        conversationDuration: details.conversationDuration,
        dateCreated: call.dateCreated,
        startTime: call.startTime,
        endTime: call.endTime,
        recordingUrl: call.recordingUrl,
      });
      expect(call).toMatchObject({
        phoneNumberSid: NUMBERS.exophone,
        dateCreated: '2026-11-27T19:12:04+05:30',
      });
      expect(terminal.endTime).toMatch(/^2026-11-27T19:\d\d:\d\d\+05:30$/);
      expect(terminal.legs.map((leg) => leg.status)).toEqual([
        details.leg1Status,
        details.leg2Status,
      ]);
      expect(terminal.legs.map((leg) => [leg.onCallDuration, leg.answeredBy])).toEqual(
        details.legs.map((leg) => [leg.onCallDuration, leg.answeredBy]),
      );
      expect(events.every((e) => e.unrecognized.length === 0)).toBe(true);
      // answered: leg 1 first with leg 2 empty, then leg 2; never more than the legs that were up.
      expect(answered.map((e) => [e.eventType, e.status, e.legs.map((l) => l.status)])).toEqual(
        [
          ['answered', 'in-progress', ['in-progress', null]],
          ['answered', 'in-progress', ['in-progress', 'in-progress']],
        ].slice(0, answered.length),
      );
      expect(answered.every((e) => e.customField === null)).toBe(true);
      // A leg that was answered ends `completed`: one answered event each.
      const legsAnswered = [details.leg1Status, details.leg2Status].filter(
        (status) => status === 'completed',
      );
      expect(answered).toHaveLength(legsAnswered.length);
      // Strings or numbers on the wire, per call; numbers once read.
      expect(call.duration).toEqual(expect.any(Number));
      expect(call.price).toEqual(expect.any(Number));
      expect(call.raw.Duration).not.toBeNull();
    });

    it('reports base fields only without StatusCallbackEvents', async () => {
      const { client, sim, events } = setUp();
      const created = await client.connectCall({
        from: NUMBERS.agent,
        to: NUMBERS.customer,
        callerId: NUMBERS.exophone,
        statusCallback: 'https://shop.example.com/cb',
        statusCallbackContentType: contentType,
      });
      await sim.clock.advance(60_000);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        callSid: created.sid,
        eventType: null,
        status: 'completed',
        dateUpdated: '2026-11-27T19:12:18+05:30',
        recordingUrl: null,
        legs: [],
      });
    });
  },
);

describe('a number scripted through the control API', () => {
  it('gets its fates one per call, seen the same by callbacks and Call Details', async () => {
    const { client, sim, events } = setUp();
    const script = await sim.fetch(
      new Request(`${BASE}/_sim/numbers/${encodeURIComponent(NUMBERS.customer)}`, {
        method: 'PUT',
        body: JSON.stringify([
          { outcome: 'no-answer' },
          { outcome: 'answer', ringSeconds: 7, talkSeconds: 3 },
        ]),
      }),
    );
    expect(script.status).toBe(200);
    const statuses: [string | undefined, string | undefined, unknown][] = [];
    for (let i = 0; i < 2; i++) {
      const { sid } = await client.connectCall({
        from: NUMBERS.agent,
        to: NUMBERS.customer,
        callerId: NUMBERS.exophone,
        statusCallback: 'https://shop.example.com/cb',
        statusCallbackEvents: ['terminal'],
        statusCallbackContentType: 'application/json',
      });
      await sim.clock.advance(120_000);
      const call = await client.getCall(sid, { details: true });
      statuses.push([events.at(-1)!.status, call.status, call.details!.conversationDuration]);
    }
    expect(statuses).toEqual([
      ['no-answer', 'no-answer', 0],
      ['completed', 'completed', 3],
    ]);
  });
});

describe('client errors from the simulator', () => {
  const params = { from: NUMBERS.agent, to: NUMBERS.customer, callerId: NUMBERS.exophone };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: ExotelError) => error,
    );

  it('maps each refusal to the client’s error kinds', async () => {
    const { client, sim } = setUp();
    expect(await failure(client.connectCall({ ...params, to: '+919000000009' }))).toMatchObject({
      kind: 'forbidden',
      status: 403,
      reason: 'ndnc',
      message: 'Exotel 403: Call to 09000000009 can not be made because of TRAI NDNC regulations',
    });
    const kyc = await failure(client.connectCall({ ...params, to: '+919000000010' }));
    expect(kyc).toMatchObject({ kind: 'forbidden', status: 403, reason: 'kyc' });
    expect((kyc as ExotelError).code).toBeUndefined();
    expect(await failure(client.connectCall({ ...params, timeLimit: 99_999 }))).toMatchObject({
      kind: 'invalid_request',
      status: 400,
    });
    expect(await failure(client.getCall('f'.repeat(32)))).toMatchObject({
      kind: 'not_found',
      status: 404,
    });
    sim.faults.next({ target: 'connect', fault: { type: 'error', status: 503 } });
    expect(await failure(client.connectCall(params))).toMatchObject({
      kind: 'server',
      status: 503,
      code: 35008,
    });
    sim.faults.next({ target: 'connect', fault: { type: 'rate-limit' } });
    expect(await failure(client.connectCall(params))).toMatchObject({
      kind: 'rate_limited',
      status: 429,
    });
    sim.faults.next({ target: 'connect', fault: { type: 'reset' }, when: 'after' });
    expect(await failure(client.connectCall(params))).toMatchObject({
      kind: 'network',
      mayHaveReachedExotel: true,
    });
    // The reset came after the call was placed: exactly one upstream connect so far.
    expect(sim.stats().connectsAccepted).toBe(1);
  });

  it('answers 401 to wrong credentials', async () => {
    const { sim } = setUp();
    const client = createExotelClient({
      accountSid: ACCOUNT,
      apiKey: KEY,
      apiToken: 'wrong',
      baseUrl: BASE,
      fetch: sim.asFetch(),
    });
    expect(await failure(client.connectCall(params))).toMatchObject({ kind: 'auth', status: 401 });
  });
});
