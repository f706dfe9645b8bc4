import type {
  AdminAgent,
  AdminCall,
  AdminCallDetail,
  AdminStats,
  StatsFigures,
} from '../api/types.js';

let serial = 0;

/** A call id of the spec's shape, unique per test run. */
export function callId(): string {
  serial++;
  return `call_${String(serial).padStart(24, 'x')}`;
}

export function makeCall(overrides: Partial<AdminCall> = {}): AdminCall {
  const at = overrides.createdAt ?? '2027-03-10T05:00:00.000Z';
  return {
    id: callId(),
    widgetId: 'support',
    state: 'completed',
    final: true,
    phone: '+919812345678',
    createdAt: at,
    updatedAt: at,
    attempt: 1,
    maxAttempts: 2,
    agentId: 'asha',
    agentName: 'Asha',
    conversationSeconds: 95,
    exotelSid: 'b6cfaf2f3e0a4b5c9d8e7f6a5b4c3d2e',
    recordingUrl: null,
    scheduledFor: null,
    retryAt: null,
    fields: {},
    callbackOf: null,
    missedReason: null,
    ...overrides,
  };
}

export function makeMissed(overrides: Partial<AdminCall> = {}): AdminCall {
  return makeCall({
    state: 'agent-unavailable',
    missedReason: 'agent-unavailable',
    conversationSeconds: null,
    ...overrides,
  });
}

export function makeDetail(
  call: AdminCall,
  overrides: Partial<AdminCallDetail> = {},
): AdminCallDetail {
  return {
    ...call,
    events: [
      {
        seq: 1,
        at: call.createdAt,
        state: 'requested',
        attempt: 0,
        source: 'api',
        conversationSeconds: null,
      },
      {
        seq: 2,
        at: call.createdAt,
        state: 'dialing-agent',
        attempt: 1,
        source: 'callback',
        agentName: call.agentName,
        conversationSeconds: null,
      },
      {
        seq: 3,
        at: call.updatedAt,
        state: call.state,
        attempt: 1,
        source: 'callback',
        conversationSeconds: call.conversationSeconds,
      },
    ],
    attempts: [
      {
        attempt: 1,
        agentId: call.agentId ?? 'asha',
        agentName: call.agentName,
        exotelSid: call.exotelSid,
        exotelStatus: 'completed',
        outcome: call.state,
        recordingUrl: 'https://recordings.exotel.example/abc.mp3',
        startedAt: call.createdAt,
        endedAt: call.updatedAt,
      },
    ],
    consent: {
      at: call.createdAt,
      text: { en: 'Call me about my enquiry.', hi: 'मेरी पूछताछ के बारे में कॉल करें।' },
    },
    context: {
      pageUrl: 'https://shop.example.com/pricing',
      utm: { source: 'newsletter', campaign: 'march' },
    },
    webhookDeliveries: [
      {
        id: 'msg_2Kd9',
        callId: call.id,
        type: 'call.completed',
        url: 'https://crm.example.com/hooks/ringback',
        state: 'failed',
        createdAt: call.updatedAt,
        nextAttemptAt: null,
        attempts: [{ at: call.updatedAt, durationMs: 120, status: 500, error: null }],
      },
    ],
    ...overrides,
  };
}

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
      ? { p50: 18 + connected, p95: 40 + connected * 2 }
      : { p50: null, p95: null },
    missed: {
      'agent-unavailable': missed,
      'not-answered': Math.floor(missed / 2),
      busy: 0,
      failed: 0,
      expired: 0,
    },
  };
}

/** `days` days of made-up but consistent numbers, from `from` (UTC days). */
export function makeStats(days = 7, from = '2027-03-04T00:00:00.000Z'): AdminStats {
  const start = Date.parse(from);
  const series = Array.from({ length: days }, (_, i) => ({
    start: new Date(start + i * 86_400_000).toISOString(),
    ...figures(10 + ((i * 7) % 9), 6 + ((i * 5) % 5), (i * 3) % 4),
  }));
  const sum = (pick: (f: StatsFigures) => number) => series.reduce((n, day) => n + pick(day), 0);
  const requests = sum((f) => f.requests);
  const connected = sum((f) => f.connected);
  return {
    from,
    to: new Date(start + days * 86_400_000).toISOString(),
    groupBy: 'day',
    timeZone: 'Asia/Kolkata',
    totals: {
      requests,
      connected,
      connectRate: connected / requests,
      timeToConnect: { p50: 21, p95: 54 },
      missed: {
        'agent-unavailable': sum((f) => f.missed['agent-unavailable']),
        'not-answered': sum((f) => f.missed['not-answered']),
        busy: 0,
        failed: 0,
        expired: 0,
      },
    },
    series,
    widgets: [{ widgetId: 'support', ...figures(requests, connected, 3) }],
    agents: [{ agentId: 'asha', agentName: 'Asha', ...figures(requests, connected, 3) }],
  };
}
