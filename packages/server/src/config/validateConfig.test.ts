import { describe, expect, it } from 'vitest';
import type { RingbackConfig } from '../domain/RingbackConfig.js';
import { RingbackConfigError } from '../domain/RingbackConfigError.js';
import { SECRET_HINT } from '../domain/secretStrength.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { createTurnstileVerifier } from '../verification/turnstileVerifier.js';
import { DEFAULT_GLOBAL_LIMIT, DEFAULT_LIMITS, validateConfig } from './validateConfig.js';

const valid: RingbackConfig = {
  exotel: { accountSid: 'acme', apiKey: 'key-123', apiToken: 'token-456' },
  secret: 'k7Qv2mXp9LsR4tWz8YbN3cFh6JdG1aEu',
  publicBaseUrl: 'https://shop.example.com/ringback/',
  widgets: [
    {
      id: 'support',
      from: '+919876543210',
      callerId: '08047112400',
      countries: ['IN'],
      allowedOrigins: ['https://shop.example.com'],
    },
  ],
};

function issues(config: unknown): string[] {
  try {
    validateConfig(config as RingbackConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(RingbackConfigError);
    return (error as RingbackConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe('validateConfig', () => {
  it('fills in safe defaults', () => {
    const resolved = validateConfig(valid);
    const widget = resolved.widgets.get('support')!;
    expect(widget).toMatchObject({
      timeLimit: 1800,
      timeOut: 30,
      record: false,
      defaultCountry: 'IN',
      limits: DEFAULT_LIMITS,
    });
    expect([...widget.numberTypes]).toEqual(['mobile', 'fixed-line']);
    expect([...widget.blocked].sort()).toEqual(['+918047112400', '+919876543210']);
    expect(resolved).toMatchObject({
      publicBaseUrl: 'https://shop.example.com/ringback',
      basePath: '/ringback',
      globalLimit: DEFAULT_GLOBAL_LIMIT,
      maxBodyBytes: 8192,
      store: expect.any(Function), // opens { type: 'memory' }
      exotel: {
        region: 'singapore',
        timeoutMs: 10_000,
        statusCallbackContentType: 'application/json',
      },
    });
    expect(resolved.redact).toEqual(
      expect.arrayContaining(['key-123', 'token-456', 'k7Qv2mXp9LsR4tWz8YbN3cFh6JdG1aEu']),
    );
  });

  it('keeps the global guard under Exotel’s 200 requests a minute', () => {
    expect(DEFAULT_GLOBAL_LIMIT.limit / DEFAULT_GLOBAL_LIMIT.windowSeconds).toBeLessThan(200 / 60);
    expect(issues({ ...valid, globalLimit: { limit: 250, windowSeconds: 60 } })).toEqual([
      "globalLimit: allows 250 calls per 60 s, more than Exotel's 200 requests per minute",
    ]);
    expect(issues({ ...valid, globalLimit: { limit: 10, windowSeconds: 2 } })).toHaveLength(1);
  });

  it('refuses guessable secrets and secrets that are another credential, saying how to make one', () => {
    for (const secret of ['a'.repeat(32), 'password'.repeat(4), 'x'.repeat(31)])
      expect(issues({ ...valid, secret })[0]).toMatch(/^secret: .*openssl rand -base64 32/);
    expect(issues({ ...valid, previousSecrets: ['password'.repeat(4)] })[0]).toMatch(
      /^previousSecrets\[0\]: looks guessable/,
    );
    const token = 'Zr8Kq2Lm5Xv9Tw3Ny7Pb4Hd6Jf1Gc0Sa';
    expect(
      issues({ ...valid, secret: token, exotel: { ...valid.exotel, apiToken: token } }),
    ).toEqual([
      `secret: must be a secret of its own, not the same value as exotel.apiToken; ${SECRET_HINT}`,
    ]);
  });

  it('sends credentials over https only, except to this machine', () => {
    const withBase = (baseUrl: string) =>
      issues({ ...valid, exotel: { ...valid.exotel, baseUrl } });
    expect(withBase('http://api.exotel.com')).toHaveLength(1);
    expect(withBase('http://10.0.0.5:4000')).toHaveLength(1);
    for (const local of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000'])
      expect(withBase(local)).toEqual([]);
    expect(withBase('https://api.in.exotel.com')).toEqual([]);
    const widget = (endpoint: string) => ({
      ...valid.widgets[0]!,
      verification: { provider: 'turnstile', siteKey: 's', secretKey: 'turnstile-key', endpoint },
    });
    expect(
      issues({ ...valid, widgets: [widget('http://verify.example.com/siteverify')] })[0],
    ).toMatch(/^widgets\[0\]\.verification\.endpoint: must be an https URL/);
    expect(issues({ ...valid, widgets: [widget('http://127.0.0.1:9/siteverify')] })).toEqual([]);
  });

  it('names every bad field', () => {
    expect(
      issues({
        exotel: { accountSid: '', apiKey: 'k', region: 'frankfurt', baseUrl: 'ftp://x', extra: 1 },
        secret: 'short',
        publicBaseUrl: 'http://shop.example.com',
        store: { type: 'mongo' },
        widgets: [
          {
            id: 'bad id',
            from: '98765',
            callerId: 'exophone',
            countries: ['XX', 'IN'],
            numberTypes: ['mobile', 'premium'],
            allowedOrigins: ['https://shop.example.com/', '*'],
            timeLimit: 20_000,
            timeOut: 0,
            recordingChannels: 'dual',
            hours: { timeZone: 'Nowhere', weekly: { mon: ['9-5'] } },
            limits: { ip: [{ limit: 0, windowSeconds: 60 }], perMoon: [] },
            verification: { provider: 'captcha', siteKey: '', secretKey: 'x' },
            colour: 'red',
          },
        ],
      }),
    ).toEqual([
      'exotel.extra: unknown field',
      'exotel.accountSid: must be a non-empty string',
      'exotel.apiToken: must be a non-empty string',
      'exotel.region: must be "singapore" or "mumbai"',
      'exotel.baseUrl: must be an https URL (http is accepted on this machine only: localhost, 127.0.0.1, [::1]); credentials would cross the network in clear',
      `secret: must be at least 32 characters; ${SECRET_HINT}`,
      'publicBaseUrl: must be an https URL (http is accepted for localhost only)',
      'widgets[0].colour: unknown field',
      'widgets[0].id: must be 1–64 letters, digits, "_" or "-"',
      'widgets[0].from: "98765" is not a valid E.164 number (e.g. "+919876543210")',
      'widgets[0].callerId: must be the ExoPhone: 6–15 digits, optionally with a leading "+"',
      'widgets[0].countries[0]: "XX" is not a supported ISO country code',
      'widgets[0].numberTypes[1]: "premium" is not one of mobile, fixed-line, toll-free, premium-rate, shared-cost, voip, personal, pager, uan, voicemail',
      'widgets[0].allowedOrigins[0]: "https://shop.example.com/" is not an exact origin like "https://shop.example.com" (scheme, host, optional port; no path or trailing slash)',
      'widgets[0].allowedOrigins[1]: "*" is not an exact origin like "https://shop.example.com" (scheme, host, optional port; no path or trailing slash)',
      'widgets[0].timeLimit: must be an integer from 1 to 14400',
      'widgets[0].timeOut: must be an integer from 1 to 60',
      'widgets[0].recordingChannels: only applies with record: true',
      'widgets[0].hours.timeZone: "Nowhere" is not an IANA time zone (e.g. "Asia/Kolkata")',
      'widgets[0].hours.weekly.mon[0]: "9-5" is not a range like "09:00-18:00" (24:00 only as an end; an end before the start runs past midnight)',
      'widgets[0].limits.perMoon: unknown field',
      'widgets[0].limits.ip[0].limit: must be an integer from 1 to 1000000',
      'widgets[0].verification.provider: must be "turnstile", "hcaptcha" or "recaptcha"',
      'widgets[0].verification.siteKey: must be a non-empty string',
      'store.type: must be "memory", "sqlite" or "redis" (or pass a Store object)',
    ]);
  });

  it('names every unknown field, not just the first, and what a missing object holds', () => {
    expect(issues({ ...valid, exotel: undefined, colour: 'red', size: 2 })).toEqual([
      'colour: unknown field',
      'size: unknown field',
      'exotel: must be an object with accountSid, apiKey, apiToken',
    ]);
  });

  it('checks fields across a widget and inside its lists', () => {
    const widget = valid.widgets[0]!;
    expect(
      issues({
        ...valid,
        blockedNumbers: ['+919876543210', '12345'],
        widgets: [
          {
            ...widget,
            record: true,
            recordingChannels: 'dual',
            limits: { widget: [{ limit: 5 }] },
            labels: { cta: 'x'.repeat(501) },
          },
        ],
        upstreamRetry: { attempts: 0 },
      }),
    ).toEqual([
      'widgets[0].limits.widget[0].windowSeconds: must be an integer from 1 to 2678400',
      'widgets[0].labels.cta: must be a string of at most 500 characters',
      'blockedNumbers[1]: "12345" is not a valid E.164 number',
      'upstreamRetry.attempts: must be an integer from 1 to 10',
    ]);
  });

  it('refuses duplicate widget ids and an empty widget list', () => {
    expect(issues({ ...valid, widgets: [valid.widgets[0], valid.widgets[0]] })).toEqual([
      'widgets[1].id: duplicate widget id "support"',
    ]);
    expect(issues({ ...valid, widgets: [] })).toEqual([
      'widgets: must be a non-empty list of widgets',
    ]);
  });

  it('takes a redis store by URL, checks it and its prefix, and redacts its password', () => {
    const resolved = validateConfig({
      ...valid,
      store: { type: 'redis', url: 'redis://:s3cret-pass@redis.internal:6379/2', prefix: 'shop' },
    });
    // Opened by the server, through the store plug-ins, once it starts.
    expect(resolved.store).toBeTypeOf('function');
    expect(resolved.redact).toContain('s3cret-pass');
    expect(
      issues({ ...valid, store: { type: 'redis', url: 'http://redis:6379', prefix: '{x}' } }),
    ).toEqual([
      'store.url: must be a redis:// or rediss:// URL',
      'store.prefix: must be 1 to 64 letters, digits, "_", ".", ":" or "-"',
    ]);
    expect(issues({ ...valid, store: { type: 'redis' } })).toEqual([
      'store.url: must be a non-empty string',
    ]);
  });

  it('accepts objects for the store and the verifier', () => {
    const store = createMemoryStore();
    const verifier = createTurnstileVerifier({ siteKey: 's', secretKey: 'k' });
    const resolved = validateConfig({
      ...valid,
      store,
      widgets: [{ ...valid.widgets[0]!, verification: verifier }],
    });
    expect(resolved.store).toBe(store);
    expect(resolved.widgets.get('support')!.verifier).toBe(verifier);
  });

  it('accepts local http URLs for development', () => {
    expect(
      issues({
        ...valid,
        publicBaseUrl: 'http://localhost:8080',
        exotel: { ...valid.exotel, baseUrl: 'http://127.0.0.1:4010' },
      }),
    ).toEqual([]);
  });

  it('refuses a non-object config', () => {
    expect(issues(null)).toEqual(['config: must be an object']);
  });
});

describe('validateConfig: agent groups', () => {
  const { from: _, ...withoutFrom } = valid.widgets[0]!;
  const agents = [
    { id: 'priya', number: '+919876500001', name: 'Priya' },
    { id: 'arjun', number: '+919876500002' },
  ];
  const withAgents = (widget: object, more: object[] = []) =>
    ({ ...valid, widgets: [{ ...withoutFrom, ...widget }, ...more] }) as RingbackConfig;

  it('resolves a group with its routing, maxAttempts capped by the agents', () => {
    const widget = validateConfig(
      withAgents({ agents, routing: { strategy: 'round-robin', maxAttempts: 5, ringSeconds: 20 } }),
    ).widgets.get('support')!;
    expect(widget.agents.map((a) => [a.id, a.number, a.name])).toEqual([
      ['priya', '+919876500001', 'Priya'],
      ['arjun', '+919876500002', null],
    ]);
    expect(widget.routing).toEqual({ strategy: 'round-robin', maxAttempts: 2, group: true });
    expect(widget.timeOut).toBe(20);
    // Every agent is the business's own number: never called as a visitor.
    expect(widget.blocked).toEqual(new Set(['+919876500001', '+919876500002', '+918047112400']));
  });

  it('keeps `from` as one agent, rung for every call', () => {
    const widget = validateConfig(valid).widgets.get('support')!;
    expect(widget.agents).toEqual([
      { id: 'default', number: '+919876543210', name: null, hours: undefined },
    ]);
    expect(widget.routing).toEqual({ strategy: 'sequential', maxAttempts: 1, group: false });
  });

  it('names each problem with a group', () => {
    expect(issues(withAgents({}))).toEqual([
      "widgets[0].from: is required (the agent's number), unless agents is given",
    ]);
    expect(issues(withAgents({ from: '+919876543210', agents }))).toEqual([
      'widgets[0].agents: give either from (one agent) or agents, not both',
    ]);
    expect(
      issues(
        withAgents({
          agents: [...agents, { id: 'priya', number: '098765 00002' }, { id: 'x', number: '12' }],
        }),
      ),
    ).toEqual([
      'widgets[0].agents[2].number: "098765 00002" is not a valid E.164 number (e.g. "+919876543210")',
      'widgets[0].agents[3].number: "12" is not a valid E.164 number (e.g. "+919876543210")',
      'widgets[0].agents[2].id: duplicates agents[0].id: each agent needs an id of its own',
    ]);
    expect(
      issues(withAgents({ agents: [...agents, { id: 'priya', number: '+919876500002' }] })),
    ).toEqual([
      'widgets[0].agents[2].id: duplicates agents[0].id: each agent needs an id of its own',
      'widgets[0].agents[2].number: is the same number as agents[1].number',
    ]);
    expect(issues(withAgents({ agents: [{ id: 'desk', number: '+918047112400' }] }))).toEqual([
      "widgets[0].agents[0].number: is the widget's callerId (the ExoPhone): an agent must be a person's phone",
    ]);
    expect(issues(withAgents({ agents, routing: { maxAttempts: 6 } }))).toEqual([
      'widgets[0].routing.maxAttempts: must be an integer from 1 to 5',
    ]);
    expect(issues(withAgents({ agents: [] }))).toEqual([
      'widgets[0].agents: must be a non-empty list of { id, number, name?, hours? }',
    ]);
    expect(
      issues(withAgents({ agents: [{ id: 'p', number: '+919876500001', phone: 1 }] })),
    ).toEqual(['widgets[0].agents[0].phone: unknown field']);
  });

  it('refuses one agent id with two numbers across widgets', () => {
    const sales = {
      ...withoutFrom,
      id: 'sales',
      agents: [{ id: 'priya', number: '+919876500009' }],
    };
    expect(issues(withAgents({ agents }, [sales]))).toEqual([
      'widgets[1].agents[0].number: differs from widgets[0].agents[0].number: an agent id names one person, with one number',
    ]);
    const same = { ...sales, agents: [{ id: 'priya', number: '+91 98765 00001' }] };
    expect(issues(withAgents({ agents }, [same]))).toEqual([]);
  });
});

describe('validateConfig: lead fields and consent', () => {
  const withLead = (lead: Record<string, unknown>) => ({
    ...valid,
    widgets: [{ ...valid.widgets[0]!, ...lead }],
  });

  it('publishes fields with labels as { en, hi? } and limits filled in', () => {
    const widget = validateConfig(
      withLead({
        fields: [
          { id: 'name', label: 'Name', required: true },
          { id: 'note', label: { en: 'Note', hi: 'नोट' }, type: 'textarea' },
          {
            id: 'topic',
            label: 'Topic',
            type: 'select',
            options: ['billing', { value: 'sales', label: { en: 'Buying', hi: 'खरीदना' } }],
          },
        ],
        consent: { text: 'Call me back' },
      }) as RingbackConfig,
    ).widgets.get('support')!;
    expect(widget.fields).toEqual([
      { id: 'name', label: { en: 'Name' }, type: 'text', required: true, maxLength: 200 },
      {
        id: 'note',
        label: { en: 'Note', hi: 'नोट' },
        type: 'textarea',
        required: false,
        maxLength: 1000,
      },
      {
        id: 'topic',
        label: { en: 'Topic' },
        type: 'select',
        options: [
          { value: 'billing', label: { en: 'billing' } },
          { value: 'sales', label: { en: 'Buying', hi: 'खरीदना' } },
        ],
        required: false,
        maxLength: 7,
      },
    ]);
    expect(widget.consent).toEqual({ text: { en: 'Call me back' }, required: true });
    expect(widget.collectContext).toBe(true);
    expect(validateConfig(valid).widgets.get('support')).toMatchObject({
      fields: [],
      consent: null,
      collectContext: true,
    });
  });

  it('names each problem with fields and consent', () => {
    expect(
      issues(
        withLead({
          fields: [
            { id: 'Name', label: '' },
            { id: 'topic', label: 'Topic', type: 'select' },
            { id: 'topic', label: 'Again', options: ['a', 'a'], maxLength: 5000 },
          ],
          consent: { required: 'yes' },
          collectContext: 'no',
        }),
      ),
    ).toEqual([
      'widgets[0].fields[0].id: must start with a-z and hold only a-z, digits and "_" (up to 32)',
      'widgets[0].fields[0].label: must be a non-empty string',
      'widgets[0].fields[1].options: is required for a select field',
      'widgets[0].fields[2].options: only applies to type "select"',
      "widgets[0].fields[2].options[1]: repeats options[0]'s value",
      'widgets[0].fields[2].maxLength: must be an integer from 1 to 2000',
      'widgets[0].fields[2].id: duplicates fields[1].id: each field needs an id of its own',
      'widgets[0].consent.text: must be a string of at most 500 characters, or { en, hi? } of such strings',
      'widgets[0].consent.required: must be true or false',
      'widgets[0].collectContext: must be true or false',
    ]);
  });

  it('names each problem with slots, retries and calling hours', () => {
    const widget = (extra: Record<string, unknown>) => ({
      ...valid,
      widgets: [{ ...valid.widgets[0]!, ...extra }],
      callbackStaleSeconds: -1,
    });
    expect(
      issues(
        widget({
          schedule: { slotMinutes: 3, capacityPerSlot: 0, daysAhead: 30, every: 'day' },
          retry: {
            visitorMissed: { attempts: 5 },
            agentsUnavailable: { attempts: 1, afterMinutes: 0 },
          },
          callingHours: { from: '21:00', to: '9pm', timeZone: 'Mars/Olympus' },
        }),
      ),
    ).toEqual([
      'widgets[0].schedule.every: unknown field',
      'widgets[0].schedule.slotMinutes: must be an integer from 5 to 240',
      'widgets[0].schedule.capacityPerSlot: must be an integer from 1 to 100',
      'widgets[0].schedule.daysAhead: must be an integer from 1 to 14',
      'widgets[0].schedule: needs hours: slots are cut from the business hours',
      'widgets[0].retry.visitorMissed.attempts: must be an integer from 0 to 2',
      'widgets[0].retry.visitorMissed.afterMinutes: must be an integer from 1 to 1440',
      'widgets[0].retry.agentsUnavailable.afterMinutes: must be an integer from 1 to 1440',
      'widgets[0].callingHours.to: must be a time like "21:00" (or "24:00")',
      'widgets[0].callingHours.timeZone: "Mars/Olympus" is not an IANA time zone',
      'callbackStaleSeconds: must be an integer from 0 to 86400',
    ]);
    expect(issues(widget({ callingHours: { from: '21:00', to: '09:00' } })).slice(0, -1)).toEqual([
      'widgets[0].callingHours.to: must be after from (calling hours do not run past midnight)',
    ]);
    // The whole day: up to midnight, as business hours say it.
    expect(issues(widget({ callingHours: { from: '00:00', to: '24:00' } })).slice(0, -1)).toEqual(
      [],
    );
  });

  it('resolves slots, retries and calling hours with their defaults', () => {
    const resolved = validateConfig({
      ...valid,
      widgets: [
        {
          ...valid.widgets[0]!,
          hours: { timeZone: 'Asia/Kolkata', weekly: { mon: ['10:00-18:00'] } },
          schedule: {},
          retry: { visitorMissed: { attempts: 1, afterMinutes: 30 } },
        },
      ],
    });
    const widget = resolved.widgets.get('support')!;
    expect(widget.schedule).toEqual({
      slotMinutes: 30,
      capacityPerSlot: 1,
      daysAhead: 7,
      maxPendingPerNumber: 1,
      maxPendingPerIp: 3,
    });
    expect(widget.retry).toEqual({
      visitorMissed: { attempts: 1, afterMs: 1_800_000 },
      agentsUnavailable: { attempts: 0, afterMs: 0 },
    });
    expect(widget.callingHours).toEqual({ from: 540, to: 1260, timeZone: 'Asia/Kolkata' });
    expect(resolved.callbackStaleMs).toBe(900_000);
  });
});

describe('validateConfig: webhooks', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7SGvIp0Wlrs=';
  const withHooks = (webhooks: unknown) => ({ ...valid, webhooks });

  it('resolves endpoints with every event by default, and redacts their secrets', () => {
    const resolved = validateConfig({
      ...valid,
      webhooks: [
        { url: 'https://crm.example.com/hooks', secret },
        {
          url: 'http://10.0.0.5/hooks',
          secret,
          events: ['call.missed'],
          allowPrivateNetwork: true,
        },
      ],
    });
    expect(resolved.webhooks.map((w) => [w.url, [...w.events], w.allowPrivateNetwork])).toEqual([
      [
        'https://crm.example.com/hooks',
        [
          'call.requested',
          'call.connected',
          'call.completed',
          'call.missed',
          'call.canceled',
          'call.ended',
          'callback.scheduled',
          'callback.canceled',
        ],
        false,
      ],
      ['http://10.0.0.5/hooks', ['call.missed'], true],
    ]);
    expect(resolved.webhooks[0]!.key).toHaveLength(32);
    expect(resolved.redact).toEqual(expect.arrayContaining([secret, secret.slice(6)]));
    expect(validateConfig(valid).webhooks).toEqual([]);
  });

  it('names each bad endpoint field, never quoting a secret', () => {
    const short = `whsec_${btoa('sixteen-bytes-xx')}`;
    const found = issues(
      withHooks([
        { url: 'http://crm.example.com/hooks', secret },
        { url: 'ftp://crm.example.com/', secret: 'not-a-whsec-secret-at-all-0123456789' },
        { url: 'https://u:p@crm.example.com/', secret: short, events: [] },
        { url: 'https://crm.example.com/x', secret, events: ['call.answered'], extra: 1 },
        { url: 'https://crm.example.com/hooks', secret, allowPrivateNetwork: 'yes' },
        { secret: `whsec_${'%%%%'}` },
      ]),
    );
    expect(found).toEqual([
      'webhooks[0].url: must be an https URL; plain http only with allowPrivateNetwork: true (an endpoint on your own network)',
      'webhooks[1].url: must be an https URL (http too with allowPrivateNetwork)',
      'webhooks[1].secret: must be a Standard Webhooks secret: "whsec_" followed by base64; generate one with: echo "whsec_$(openssl rand -base64 32)"',
      'webhooks[2].url: must not contain credentials (sign with secret instead)',
      'webhooks[2].secret: must decode to at least 24 random bytes (this one has 16); generate one with: echo "whsec_$(openssl rand -base64 32)"',
      'webhooks[2].events: must be a non-empty list of event types (call.requested, call.connected, call.completed, call.missed, call.canceled, call.ended, callback.scheduled, callback.canceled)',
      'webhooks[3].extra: unknown field',
      expect.stringMatching(/^webhooks\[3\]\.events\[0\]: must be "call\.requested", /),
      'webhooks[4].allowPrivateNetwork: must be true or false',
      'webhooks[5].url: must be a non-empty string',
      expect.stringMatching(/^webhooks\[5\]\.secret: must be a Standard Webhooks secret/),
    ]);
    expect(found.join('\n')).not.toContain('not-a-whsec-secret');
    expect(found.join('\n')).not.toContain(short);
    expect(issues(withHooks({}))).toEqual(['webhooks: must be a list of webhook endpoints']);
  });

  it('refuses two endpoints with one URL', () => {
    expect(
      issues(
        withHooks([
          { url: 'https://crm.example.com/hooks', secret },
          { url: 'https://CRM.example.com/hooks', secret, events: ['call.missed'] },
        ]),
      ),
    ).toEqual([
      'webhooks[1].url: is the same as webhooks[0].url: one endpoint per URL (list several events in its events)',
    ]);
  });
});
