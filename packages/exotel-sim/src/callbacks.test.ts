import { describe, expect, it } from 'vitest';
import { callOf, createHarness, NUMBERS } from '../test/harness.js';

const CB = 'https://shop.example.com/v1/exotel/status-callback?token=abc';
const basic = { From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone };
const both = {
  ...basic,
  StatusCallback: CB,
  'StatusCallbackEvents[0]': 'terminal',
  'StatusCallbackEvents[1]': 'answered',
  CustomField: 'call_7f3a9c',
};

describe('StatusCallback bodies', () => {
  it('sends multipart with bracketed Legs keys by default: answered per leg, then terminal', async () => {
    const { connect, sim, received } = createHarness();
    const sid = callOf(await connect(both)).Sid;
    await sim.clock.advance(60_000);
    expect(received.map((r) => r.contentType.split(';')[0])).toEqual([
      'multipart/form-data',
      'multipart/form-data',
      'multipart/form-data',
    ]);
    expect(received.every((r) => r.url === CB)).toBe(true);
    const common = {
      CallSid: sid,
      DateCreated: '2026-11-27 19:12:04',
      To: '+919812345678',
      From: '+919876543210',
      PhoneNumberSid: '08047112400',
      StartTime: '2026-11-27 19:12:04',
      Direction: 'outbound-api',
    };
    expect(received.map((r) => r.body)).toEqual([
      {
        ...common,
        EventType: 'answered',
        Status: 'in-progress',
        DateUpdated: '2026-11-27 19:12:06',
        EndTime: '',
        ConversationDuration: '0',
        RecordingUrl: '',
        'Legs[0][Status]': 'in-progress',
        'Legs[0][OnCallDuration]': '0',
        'Legs[0][AnsweredBy]': 'human',
        'Legs[1][Status]': '',
        'Legs[1][OnCallDuration]': '0',
        'Legs[1][AnsweredBy]': '',
      },
      {
        ...common,
        EventType: 'answered',
        Status: 'in-progress',
        DateUpdated: '2026-11-27 19:12:08',
        EndTime: '',
        ConversationDuration: '0',
        RecordingUrl: '',
        'Legs[0][Status]': 'in-progress',
        'Legs[0][OnCallDuration]': '2',
        'Legs[0][AnsweredBy]': 'human',
        'Legs[1][Status]': 'in-progress',
        'Legs[1][OnCallDuration]': '0',
        'Legs[1][AnsweredBy]': 'human',
      },
      {
        ...common,
        EventType: 'terminal',
        Status: 'completed',
        DateUpdated: '2026-11-27 19:12:18',
        EndTime: '2026-11-27 19:12:18',
        ConversationDuration: '10',
        RecordingUrl: '',
        CustomField: 'call_7f3a9c',
        'Legs[0][Status]': 'completed',
        'Legs[0][OnCallDuration]': '12',
        'Legs[0][AnsweredBy]': 'human',
        'Legs[1][Status]': 'completed',
        'Legs[1][OnCallDuration]': '10',
        'Legs[1][AnsweredBy]': 'human',
      },
    ]);
  });

  it('sends JSON with a real Legs array when StatusCallbackContentType=application/json', async () => {
    const { connect, sim, received } = createHarness();
    const sid = callOf(
      await connect({ ...both, StatusCallbackContentType: 'application/json', Record: 'true' }),
    ).Sid;
    await sim.clock.advance(60_000);
    expect(received.map((r) => r.contentType)).toEqual([
      'application/json',
      'application/json',
      'application/json',
    ]);
    expect(received[0]!.body).toMatchObject({
      EventType: 'answered',
      EndTime: null,
      ConversationDuration: 0,
      RecordingUrl: null,
      Legs: [
        { Status: 'in-progress', OnCallDuration: 0, AnsweredBy: 'human' },
        { Status: '', OnCallDuration: 0, AnsweredBy: '' },
      ],
    });
    expect(received[0]!.body).not.toHaveProperty('CustomField');
    expect(received[2]!.body).toEqual({
      CallSid: sid,
      EventType: 'terminal',
      Status: 'completed',
      DateCreated: '2026-11-27 19:12:04',
      DateUpdated: '2026-11-27 19:12:18',
      To: '+919812345678',
      From: '+919876543210',
      PhoneNumberSid: '08047112400',
      StartTime: '2026-11-27 19:12:04',
      EndTime: '2026-11-27 19:12:18',
      Direction: 'outbound-api',
      ConversationDuration: 10,
      RecordingUrl: `http://exotel.test/recordings/ringbacktest/${sid}.mp3`,
      CustomField: 'call_7f3a9c',
      Legs: [
        { Status: 'completed', OnCallDuration: 12, AnsweredBy: 'human' },
        { Status: 'completed', OnCallDuration: 10, AnsweredBy: 'human' },
      ],
    });
  });

  it('echoes To and From in the form they were sent', async () => {
    const { connect, sim, received } = createHarness();
    await connect({ ...both, From: '9876543210', To: '+91 98123 45678' });
    await sim.clock.advance(60_000);
    expect(received.map((r) => [r.body.From, r.body.To])).toEqual([
      ['09876543210', '+919812345678'],
      ['09876543210', '+919812345678'],
      ['09876543210', '+919812345678'],
    ]);
  });

  it('reports a leg that never answered as AnsweredBy NA', async () => {
    const { connect, sim, received } = createHarness();
    await connect({ ...both, To: '+919000000001', StatusCallbackContentType: 'application/json' });
    await sim.clock.advance(60_000);
    expect(received.at(-1)!.body).toMatchObject({
      Status: 'busy',
      Legs: [
        { Status: 'completed', AnsweredBy: 'human' },
        { Status: 'busy', AnsweredBy: 'NA' },
      ],
    });
  });

  it.each([
    ['the callbackEvents option', { callbackEvents: ['terminal'] as const }, false],
    ['setCallbackEvents', {}, true],
  ])(
    'an account honouring only terminal (%s) sends no answered callbacks',
    async (_, options, set) => {
      const { connect, sim, received } = createHarness(options);
      if (set) sim.setCallbackEvents(['terminal']);
      await connect(both);
      await sim.clock.advance(60_000);
      expect(received.map((r) => r.body.EventType)).toEqual(['terminal']);
      sim.reset();
      expect(sim.callbackEvents()).toEqual(set ? ['terminal', 'answered'] : ['terminal']);
    },
  );

  it('refuses callback events it does not know', () => {
    const { sim } = createHarness();
    expect(() => sim.setCallbackEvents(['ringing' as 'terminal'])).toThrow(/ringing/);
    expect(() => createHarness({ callbackEvents: ['terminal', 'terminal'] })).toThrow(/repeat/);
  });

  it('sends only the base fields, once at the end, without StatusCallbackEvents', async () => {
    for (const contentType of ['multipart/form-data', 'application/json']) {
      const { connect, sim, received } = createHarness();
      const sid = callOf(
        await connect({ ...basic, StatusCallback: CB, StatusCallbackContentType: contentType }),
      ).Sid;
      await sim.clock.advance(60_000);
      expect(received.map((r) => r.body)).toEqual([
        {
          CallSid: sid,
          Status: 'completed',
          DateUpdated: '2026-11-27 19:12:18',
          RecordingUrl: contentType === 'application/json' ? null : '',
        },
      ]);
    }
  });

  it('sends only the events subscribed to', async () => {
    const { connect, sim, received } = createHarness();
    await connect({ ...basic, StatusCallback: CB, 'StatusCallbackEvents[0]': 'terminal' });
    await connect({ ...basic, StatusCallback: CB, 'StatusCallbackEvents[]': 'answered' });
    await sim.clock.advance(60_000);
    expect(received.map((r) => r.body.EventType)).toEqual(['answered', 'answered', 'terminal']);
  });

  it('sends nothing without a StatusCallback', async () => {
    const { connect, sim, received } = createHarness();
    await connect({ ...basic, 'StatusCallbackEvents[0]': 'terminal' });
    await sim.clock.advance(60_000);
    expect(received).toEqual([]);
    expect(sim.deliveries()).toEqual([]);
  });
});

describe('StatusCallback delivery', () => {
  it('retries a non-2xx answer up to two times and records every attempt', async () => {
    const { connect, sim, received } = createHarness({
      receiver: () => new Response('nope', { status: 500 }),
    });
    await connect({ ...basic, StatusCallback: CB });
    await sim.clock.advance(120_000);
    expect(received).toHaveLength(3);
    const [delivery] = sim.deliveries();
    expect(delivery).toMatchObject({ state: 'failed', event: 'base' });
    expect(delivery!.attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([
      [1, 500, 'http-error'],
      [2, 500, 'http-error'],
      [3, 500, 'http-error'],
    ]);
    // Retries are spaced by callbackRetryDelayMs (10 s by default).
    expect(delivery!.attempts.map((a) => a.at - delivery!.createdAt)).toEqual([0, 10_000, 20_000]);
  });

  it('stops retrying once the receiver answers 2xx', async () => {
    let calls = 0;
    const { connect, sim } = createHarness({
      receiver: () => new Response(null, { status: ++calls === 1 ? 503 : 204 }),
    });
    await connect({ ...basic, StatusCallback: CB });
    await sim.clock.advance(120_000);
    const [delivery] = sim.deliveries();
    expect(delivery!.state).toBe('delivered');
    expect(delivery!.attempts.map((a) => a.outcome)).toEqual(['http-error', 'delivered']);
  });

  it('counts a receiver that does not answer in time as failed, and retries', async () => {
    let calls = 0;
    const { connect, sim } = createHarness({
      // The manual clock does not move during I/O: the timeout is applied in real time.
      callbackTimeoutMs: 20,
      // The first answer never comes, and ignores the abort signal too.
      receiver: () =>
        ++calls === 1 ? new Promise<Response>(() => {}) : new Response(null, { status: 200 }),
    });
    await connect({ ...basic, StatusCallback: CB });
    await sim.clock.advance(120_000);
    const [delivery] = sim.deliveries();
    expect(delivery!.attempts.map((a) => a.outcome)).toEqual(['timeout', 'delivered']);
  });

  it('retries network errors', async () => {
    const { connect, sim } = createHarness({
      receiver: () => {
        throw new TypeError('fetch failed');
      },
      callbackRetries: 1,
    });
    await connect({ ...basic, StatusCallback: CB });
    await sim.clock.advance(120_000);
    const [delivery] = sim.deliveries();
    expect(delivery).toMatchObject({ state: 'failed' });
    expect(delivery!.attempts.map((a) => [a.outcome, a.error])).toEqual([
      ['network-error', 'fetch failed'],
      ['network-error', 'fetch failed'],
    ]);
  });

  it('lists deliveries per call', async () => {
    const { connect, sim } = createHarness();
    const first = callOf(await connect({ ...both })).Sid as string;
    await connect({ ...both });
    await sim.clock.advance(60_000);
    expect(sim.deliveries()).toHaveLength(6);
    expect(sim.deliveries({ callSid: first }).map((d) => d.event)).toEqual([
      'answered',
      'answered',
      'terminal',
    ]);
  });
});
