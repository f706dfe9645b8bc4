import type {
  AdminAgent,
  AdminCall,
  AdminCallDetail,
  AdminStats,
  StatsFigures,
} from '@ringback/console/components';

const DAY = 86_400_000;
const START = Date.UTC(2027, 2, 10, 4, 0);
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

function call(n: number, overrides: Partial<AdminCall>): AdminCall {
  return {
    id: `call_story${String(n).padStart(19, '0')}`,
    widgetId: 'support',
    state: 'completed',
    final: true,
    phone: `+9198123456${String(n).padStart(2, '0')}`,
    createdAt: at(n * 7),
    updatedAt: at(n * 7 + 2),
    attempt: 1,
    maxAttempts: 2,
    agentId: 'asha',
    agentName: 'Asha',
    conversationSeconds: 95,
    exotelSid: `b6cfaf2f3e0a4b5c9d8e7f6a5b4c3d${String(n).padStart(2, '0')}`,
    recordingUrl: null,
    scheduledFor: null,
    retryAt: null,
    fields: {},
    callbackOf: null,
    missedReason: null,
    ...overrides,
  };
}

/** Newest first: one call in each kind of state. */
export const CALLS: AdminCall[] = [
  call(8, {
    state: 'dialing-agent',
    final: false,
    conversationSeconds: null,
    attempt: 2,
    agentId: 'ravi',
    agentName: 'Ravi',
  }),
  call(7, { state: 'connected', final: false, conversationSeconds: null }),
  call(6, {
    state: 'scheduled',
    final: false,
    attempt: 0,
    agentId: null,
    agentName: null,
    conversationSeconds: null,
    scheduledFor: at(600),
  }),
  call(5, { state: 'completed', widgetId: 'sales', conversationSeconds: 312 }),
  call(4, { state: 'not-answered', missedReason: 'not-answered', conversationSeconds: null }),
  call(3, {
    state: 'agent-unavailable',
    missedReason: 'agent-unavailable',
    attempt: 2,
    conversationSeconds: null,
  }),
  call(2, { state: 'canceled', conversationSeconds: null }),
].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** Oldest first, with the lead's answers. */
export const MISSED: AdminCall[] = [
  call(11, {
    state: 'agent-unavailable',
    missedReason: 'agent-unavailable',
    conversationSeconds: null,
    fields: { name: 'Priya Sharma', topic: 'Pricing' },
  }),
  call(12, {
    state: 'not-answered',
    missedReason: 'not-answered',
    conversationSeconds: null,
    fields: { name: 'Arjun' },
  }),
  call(13, { state: 'busy', missedReason: 'busy', conversationSeconds: null }),
  call(14, {
    state: 'expired',
    missedReason: 'expired',
    attempt: 0,
    conversationSeconds: null,
    widgetId: 'sales',
  }),
];

export const DETAIL: AdminCallDetail = {
  ...call(20, {
    state: 'completed',
    attempt: 2,
    agentId: 'ravi',
    agentName: 'Ravi',
    fields: { name: 'Priya Sharma' },
  }),
  events: [
    {
      seq: 1,
      at: at(140),
      state: 'requested',
      attempt: 0,
      source: 'api',
      conversationSeconds: null,
    },
    {
      seq: 2,
      at: at(140),
      state: 'dialing-agent',
      attempt: 1,
      source: 'callback',
      agentName: 'Asha',
      conversationSeconds: null,
    },
    {
      seq: 3,
      at: at(141),
      state: 'dialing-agent',
      attempt: 2,
      source: 'routing',
      agentName: 'Ravi',
      conversationSeconds: null,
    },
    {
      seq: 4,
      at: at(141),
      state: 'dialing-you',
      attempt: 2,
      source: 'callback',
      agentName: 'Ravi',
      conversationSeconds: null,
    },
    {
      seq: 5,
      at: at(142),
      state: 'connected',
      attempt: 2,
      source: 'callback',
      conversationSeconds: null,
    },
    {
      seq: 6,
      at: at(147),
      state: 'completed',
      attempt: 2,
      source: 'reconcile',
      conversationSeconds: 284,
    },
  ],
  attempts: [
    {
      attempt: 1,
      agentId: 'asha',
      agentName: 'Asha',
      exotelSid: 'a1f0c2d3e4b5a6978877665544332211',
      exotelStatus: 'no-answer',
      outcome: 'agent-unavailable',
      recordingUrl: null,
      startedAt: at(140),
      endedAt: at(141),
    },
    {
      attempt: 2,
      agentId: 'ravi',
      agentName: 'Ravi',
      exotelSid: 'b2e1d3c4f5a6b7c8d9e0f1a2b3c4d5e6',
      exotelStatus: 'completed',
      outcome: 'completed',
      recordingUrl: 'https://recordings.exotel.example/b2e1d3c4.mp3',
      startedAt: at(141),
      endedAt: at(147),
    },
  ],
  consent: {
    at: at(140),
    text: { en: 'Call me about my enquiry.', hi: 'मेरी पूछताछ के बारे में कॉल करें।' },
  },
  context: {
    pageUrl: 'https://shop.example.com/pricing',
    referrer: 'https://www.google.com/',
    utm: { source: 'newsletter', campaign: 'march' },
  },
  webhookDeliveries: [
    {
      id: 'msg_2Kd9',
      callId: 'call_story0000000000000000020',
      type: 'call.completed',
      url: 'https://crm.example.com/hooks/ringback',
      state: 'failed',
      createdAt: at(147),
      nextAttemptAt: null,
      attempts: [
        { at: at(147), durationMs: 120, status: 500, error: null },
        { at: at(160), durationMs: 10_000, status: null, error: 'timeout' },
      ],
    },
    {
      id: 'msg_2Kd8',
      callId: 'call_story0000000000000000020',
      type: 'call.connected',
      url: 'https://crm.example.com/hooks/ringback',
      state: 'delivered',
      createdAt: at(142),
      nextAttemptAt: null,
      attempts: [{ at: at(142), durationMs: 85, status: 204, error: null }],
    },
  ],
};

export const AGENTS: AdminAgent[] = [
  {
    id: 'asha',
    name: 'Asha',
    widgetIds: ['support', 'sales'],
    availability: 'available',
    withinHours: true,
    onCall: true,
  },
  {
    id: 'ravi',
    name: 'Ravi',
    widgetIds: ['support'],
    availability: 'away',
    withinHours: true,
    onCall: false,
  },
  {
    id: 'desk-3',
    name: null,
    widgetIds: ['sales'],
    availability: 'available',
    withinHours: false,
    onCall: false,
  },
];

function figures(requests: number, connected: number, missed: number): StatsFigures {
  return {
    requests,
    connected,
    connectRate: requests ? connected / requests : null,
    timeToConnect: connected
      ? { p50: 14 + (requests % 9), p95: 38 + (requests % 23) }
      : { p50: null, p95: null },
    missed: {
      'agent-unavailable': missed,
      'not-answered': Math.ceil(missed / 2),
      busy: missed % 2,
      failed: 0,
      expired: missed > 3 ? 1 : 0,
    },
  };
}

/** `days` days of made-up numbers, a quiet day (no requests) in the middle. */
export function stats(days: number): AdminStats {
  const from = Date.UTC(2027, 2, 10) - days * DAY;
  const series = Array.from({ length: days }, (_, i) => {
    const requests = i === Math.floor(days / 2) ? 0 : 12 + ((i * 7) % 11);
    const connected = Math.min(requests, 8 + ((i * 5) % 6));
    return {
      start: new Date(from + i * DAY).toISOString(),
      ...figures(requests, connected, requests - connected),
    };
  });
  const sum = (pick: (f: StatsFigures) => number) => series.reduce((n, day) => n + pick(day), 0);
  const total = figures(
    sum((f) => f.requests),
    sum((f) => f.connected),
    0,
  );
  total.missed = {
    'agent-unavailable': sum((f) => f.missed['agent-unavailable']),
    'not-answered': sum((f) => f.missed['not-answered']),
    busy: sum((f) => f.missed.busy),
    failed: 0,
    expired: sum((f) => f.missed.expired),
  };
  total.timeToConnect = { p50: 19, p95: 52 };
  return {
    from: new Date(from).toISOString(),
    to: new Date(from + days * DAY).toISOString(),
    groupBy: 'day',
    timeZone: 'Asia/Kolkata',
    totals: total,
    series,
    widgets: [
      {
        widgetId: 'support',
        ...figures(Math.round(total.requests * 0.7), Math.round(total.connected * 0.7), 5),
      },
      {
        widgetId: 'sales',
        ...figures(Math.round(total.requests * 0.3), Math.round(total.connected * 0.3), 2),
      },
    ],
    agents: [
      { agentId: 'asha', agentName: 'Asha', ...figures(140, 101, 9) },
      { agentId: 'ravi', agentName: 'Ravi', ...figures(96, 60, 11) },
    ],
  };
}
