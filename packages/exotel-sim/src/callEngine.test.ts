import { describe, expect, it } from 'vitest';
import { callOf, createHarness, NUMBERS } from '../test/harness.js';

interface Scenario {
  name: string;
  from?: string;
  to?: string;
  extra?: Record<string, string>;
  /** Simulated seconds from the connect request to the end. */
  endsAt: number;
  status: string;
  leg1: string;
  leg2: string;
  conversation: number;
  /** Legs answered, in order, as reported by `answered` callbacks. */
  answered: number;
}

const scenarios: Scenario[] = [
  {
    name: 'both answer (the default)',
    endsAt: 14,
    status: 'completed',
    leg1: 'completed',
    leg2: 'completed',
    conversation: 10,
    answered: 2,
  },
  {
    name: 'From busy',
    from: '+919000000001',
    endsAt: 1,
    status: 'busy',
    leg1: 'busy',
    leg2: '',
    conversation: 0,
    answered: 0,
  },
  {
    name: 'From no-answer (TimeOut 30 by default)',
    from: '+919000000002',
    endsAt: 30,
    status: 'no-answer',
    leg1: 'no-answer',
    leg2: '',
    conversation: 0,
    answered: 0,
  },
  {
    name: 'From no-answer with TimeOut=10',
    from: '+919000000002',
    extra: { TimeOut: '10' },
    endsAt: 10,
    status: 'no-answer',
    leg1: 'no-answer',
    leg2: '',
    conversation: 0,
    answered: 0,
  },
  {
    name: 'From failed',
    from: '+919000000003',
    endsAt: 1,
    status: 'failed',
    leg1: 'failed',
    leg2: '',
    conversation: 0,
    answered: 0,
  },
  {
    name: 'From unreachable',
    from: '+919000000004',
    endsAt: 5,
    status: 'failed',
    leg1: 'failed',
    leg2: '',
    conversation: 0,
    answered: 0,
  },
  {
    name: 'To busy',
    to: '+919000000001',
    endsAt: 3,
    status: 'busy',
    leg1: 'completed',
    leg2: 'busy',
    conversation: 0,
    answered: 1,
  },
  {
    name: 'To no-answer with TimeOut=20',
    to: '+919000000002',
    extra: { TimeOut: '20' },
    endsAt: 22,
    status: 'no-answer',
    leg1: 'completed',
    leg2: 'no-answer',
    conversation: 0,
    answered: 1,
  },
  {
    name: 'To unreachable',
    to: '+919000000004',
    endsAt: 7,
    status: 'failed',
    leg1: 'completed',
    leg2: 'failed',
    conversation: 0,
    answered: 1,
  },
  {
    name: 'To rejects after ringing',
    to: '+919000000005',
    endsAt: 10,
    status: 'busy',
    leg1: 'completed',
    leg2: 'busy',
    conversation: 0,
    answered: 1,
  },
  {
    name: 'nobody hangs up: TimeLimit cuts the call',
    from: '+919000000006',
    to: '+919000000006',
    extra: { TimeLimit: '60' },
    endsAt: 64,
    status: 'completed',
    leg1: 'completed',
    leg2: 'completed',
    conversation: 60,
    answered: 2,
  },
  {
    name: 'To hangs up at once',
    to: '+919000000007',
    endsAt: 4,
    status: 'completed',
    leg1: 'completed',
    leg2: 'completed',
    conversation: 0,
    answered: 2,
  },
  {
    name: 'From gives up on a ringing To: the call failed, To canceled',
    from: '+919000000008',
    to: '+919000000002',
    endsAt: 7,
    status: 'failed',
    leg1: 'completed',
    leg2: 'canceled',
    conversation: 0,
    answered: 1,
  },
  {
    name: 'timed magic number 9001AAMMMM',
    to: '+919001050030',
    endsAt: 17,
    status: 'completed',
    leg1: 'completed',
    leg2: 'completed',
    conversation: 10,
    answered: 2,
  },
  {
    name: 'ring longer than TimeOut: no-answer',
    to: '+919001450030',
    endsAt: 32,
    status: 'no-answer',
    leg1: 'completed',
    leg2: 'no-answer',
    conversation: 0,
    answered: 1,
  },
];

describe('call timelines', () => {
  it.each(scenarios)('$name', async (s) => {
    const { connect, getCall, sim, received } = createHarness();
    const res = await connect({
      From: s.from ?? NUMBERS.agent,
      To: s.to ?? NUMBERS.customer,
      CallerId: NUMBERS.exophone,
      StatusCallback: 'https://shop.example.com/cb',
      'StatusCallbackEvents[0]': 'terminal',
      'StatusCallbackEvents[1]': 'answered',
      ...s.extra,
    });
    const sid = callOf(res).Sid as string;
    await sim.clock.advance(s.endsAt * 1000 - 1);
    expect(callOf(await getCall(sid)).Status).toBe('in-progress');
    await sim.clock.advance(1);
    const call = callOf(await getCall(sid, '?details=true'));
    // Duration is a string or a number, a seeded choice per call, as on live Exotel.
    expect(Number(call.Duration)).toBe(s.endsAt);
    expect(call).toMatchObject({
      Status: s.status,
      Details: { Leg1Status: s.leg1, Leg2Status: s.leg2, ConversationDuration: s.conversation },
    });
    const answered = received.filter((r) => r.body.EventType === 'answered');
    const terminal = received.filter((r) => r.body.EventType === 'terminal');
    expect(answered).toHaveLength(s.answered);
    expect(terminal).toHaveLength(1);
    expect(terminal[0]!.body).toMatchObject({
      Status: s.status,
      'Legs[0][Status]': s.leg1,
      'Legs[1][Status]': s.leg2,
      ConversationDuration: String(s.conversation),
    });
    expect(terminal[0]!.at - sim.calls()[0]!.createdAt).toBe(s.endsAt * 1000);
  });

  it('records each call’s events', async () => {
    const { connect, sim } = createHarness();
    await connect({ From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone });
    await sim.clock.advance(60_000);
    const [call] = sim.calls();
    expect(
      call!.events.map((e) => [(e.at - call!.createdAt) / 1000, e.type, e.leg ?? null]),
    ).toEqual([
      [0, 'created', null],
      [0, 'ringing', 1],
      [2, 'answered', 1],
      [2, 'ringing', 2],
      [4, 'answered', 2],
      [4, 'connected', null],
      [14, 'ended', null],
    ]);
  });

  it('refuses a number on the NDNC registry with 403 and places no call', async () => {
    const { connect, sim } = createHarness();
    const res = await connect({
      From: NUMBERS.agent,
      To: '+919000000009',
      CallerId: NUMBERS.exophone,
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      RestException: {
        Status: 403,
        Message: 'Call to 09000000009 can not be made because of TRAI NDNC regulations',
      },
    });
    expect(sim.stats().connectsAccepted).toBe(0);
  });

  it('refuses a call from an account that is not KYC compliant with 403, no Code', async () => {
    const { connect, sim } = createHarness();
    const res = await connect({
      From: '+919000000010',
      To: NUMBERS.customer,
      CallerId: NUMBERS.exophone,
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      RestException: {
        Status: 403,
        Message: 'Your account is not yet KYC compliant. Please complete your KYC to make calls.',
      },
    });
    const xml = await connect(
      { From: NUMBERS.agent, To: '09000000010', CallerId: NUMBERS.exophone },
      'xml',
    );
    expect(xml.status).toBe(403);
    expect(xml.text).toContain('<Message>Your account is not yet KYC compliant.');
    expect(xml.text).not.toContain('<Code>');
    expect(sim.stats().connectsAccepted).toBe(0);
  });

  it('follows a number’s script: a list is used one per call, then the built-in fate returns', async () => {
    const { connect, getCall, sim } = createHarness();
    sim.script('09812345678', [{ outcome: 'busy' }, { outcome: 'no-answer' }]);
    const statuses: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const sid = callOf(
        await connect({ From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone }),
      ).Sid as string;
      await sim.clock.advance(120_000);
      statuses.push(callOf(await getCall(sid)).Status);
    }
    expect(statuses).toEqual(['busy', 'no-answer', 'completed']);
  });

  it('keeps a single scripted fate until it is removed', async () => {
    const { connect, sim } = createHarness();
    // Answers after 1 s; From (default) talks 10 s: 2 + 1 + 10.
    sim.script('9812345678', { outcome: 'answer', ringSeconds: 1, talkSeconds: 100 });
    for (let i = 0; i < 2; i++) {
      await connect({ From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone });
    }
    sim.script('+919812345678', null);
    await connect({ From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone });
    await sim.clock.advance(600_000);
    expect(sim.calls().map((c) => c.endedAt! - c.createdAt)).toEqual([13_000, 13_000, 14_000]);
  });

  it('uses the defaultFate option for unscripted numbers', async () => {
    const { connect, sim } = createHarness({
      defaultFate: { outcome: 'answer', ringSeconds: 0, talkSeconds: 1 },
    });
    await connect({ From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone });
    await sim.clock.advance(1_000);
    expect(sim.calls()[0]!.status).toBe('completed');
  });
});
