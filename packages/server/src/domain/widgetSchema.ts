import { getCountries } from 'libphonenumber-js/max';
import * as v from 'valibot';
import {
  decimal,
  e164,
  e164Number,
  type FieldProblem,
  flag,
  httpsUrl,
  integer,
  list,
  oneOf,
  shaped,
  strict,
  text,
} from './configRules.js';
import { businessHoursSchema } from './hoursSchema.js';
import type { Verifier } from './Verifier.js';

const NUMBER_TYPES = [
  'mobile',
  'fixed-line',
  'toll-free',
  'premium-rate',
  'shared-cost',
  'voip',
  'personal',
  'pager',
  'uan',
  'voicemail',
] as const;

export const numberTypeSchema = v.picklist(
  NUMBER_TYPES,
  (issue) => `${JSON.stringify(issue.input)} is not one of ${NUMBER_TYPES.join(', ')}`,
);

export const rateWindowSchema = v.pipe(
  strict({
    /** Calls allowed in the window. */
    limit: integer(1, 1_000_000),
    /** Length of the window, seconds. */
    windowSeconds: integer(1, 31 * 86_400),
  }),
  v.title('RateWindow'),
);

type Window = v.InferOutput<typeof rateWindowSchema>;

export const DEFAULT_LIMITS: Record<'ip' | 'number' | 'distinctNumbersPerIp' | 'widget', Window[]> =
  {
    ip: [
      { limit: 5, windowSeconds: 600 },
      { limit: 20, windowSeconds: 86_400 },
    ],
    number: [
      { limit: 3, windowSeconds: 3600 },
      { limit: 10, windowSeconds: 86_400 },
    ],
    distinctNumbersPerIp: [{ limit: 3, windowSeconds: 3600 }],
    widget: [
      { limit: 60, windowSeconds: 3600 },
      { limit: 500, windowSeconds: 86_400 },
    ],
  };

const windows = (fallback: Window[]) =>
  v.optional(v.array(rateWindowSchema, 'must be a list of { limit, windowSeconds }'), fallback);

export const widgetLimitsSchema = strict({
  /** Calls per client IP (IPv6 by /64). @default [{ limit: 5, windowSeconds: 600 }, { limit: 20, windowSeconds: 86400 }] */
  ip: windows(DEFAULT_LIMITS.ip),
  /** Calls to one destination number, across widgets. @default [{ limit: 3, windowSeconds: 3600 }, { limit: 10, windowSeconds: 86400 }] */
  number: windows(DEFAULT_LIMITS.number),
  /** Distinct destination numbers per client IP. @default [{ limit: 3, windowSeconds: 3600 }] */
  distinctNumbersPerIp: windows(DEFAULT_LIMITS.distinctNumbersPerIp),
  /** Calls through the widget as a whole. @default [{ limit: 60, windowSeconds: 3600 }, { limit: 500, windowSeconds: 86400 }] */
  widget: windows(DEFAULT_LIMITS.widget),
});

export const verificationConfigSchema = strict({
  /** The service that checks the visitor. */
  provider: oneOf(['turnstile', 'hcaptcha', 'recaptcha']),
  /** Public site key, sent to the widget. */
  siteKey: text(),
  /** Secret key; stays on the server. */
  secretKey: text(),
  /** reCAPTCHA v3: the lowest score accepted. @default 0.5 */
  minScore: v.optional(decimal(0, 1, 'must be a number from 0 to 1')),
  /** Expected action name (Turnstile, reCAPTCHA v3). */
  action: v.optional(text()),
  /** Override the provider's siteverify URL (tests, proxies). https; plain http only on loopback. */
  endpoint: v.optional(httpsUrl('loopback')),
});

function isVerifier(value: unknown): value is Verifier {
  return (
    !!value &&
    typeof (value as Verifier).verify === 'function' &&
    typeof (value as Verifier).siteKey === 'string'
  );
}

const verifierSchema = shaped<Verifier>(isVerifier, 'must be a Verifier', 'Verifier');

// A Verifier object is taken as it is; anything else must be the declarative settings
// (which is also what the schema's readers see when they ask with `undefined`).
const verificationSchema = v.pipe(
  v.lazy((input) => (isVerifier(input) ? verifierSchema : verificationConfigSchema)),
  v.title('VerificationConfig | Verifier'),
);

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const DIGITS = /^\+?[0-9]{6,15}$/;
const COUNTRIES = new Set<string>(getCountries());
const notCountry = (issue: v.BaseIssue<unknown>) =>
  `${JSON.stringify(issue.input)} is not a supported ISO country code`;
const notOrigin = (issue: v.BaseIssue<unknown>) =>
  `${JSON.stringify(issue.input)} is not an exact origin like "https://shop.example.com" (scheme, host, optional port; no path or trailing slash)`;
const notLabel = 'must be a string of at most 500 characters';

function isExactOrigin(value: string): boolean {
  try {
    const { origin } = new URL(value);
    return origin !== 'null' && origin === value;
  } catch {
    return false;
  }
}

const id = () => text((s) => (ID.test(s) ? undefined : 'must be 1–64 letters, digits, "_" or "-"'));
const notName = 'must be a string of at most 60 characters';

export const agentSchema = strict({
  /** Stable id: the agent's availability (`setAgentAvailability`) is kept under it. Letters, digits, `_` and `-`. */
  id: id(),
  /** The agent's phone, dialled first for the attempts that try this agent (Exotel's `From`). E.164. */
  number: e164Number(' (e.g. "+919876543210")'),
  /** What the visitor may see ("Trying Priya…"). The number never leaves the server. */
  name: v.optional(v.pipe(text(), v.maxLength(60, notName))),
  /** When this agent takes calls (the widget's own `hours` still apply); always, without. */
  hours: v.optional(businessHoursSchema),
});

export const routingSchema = strict({
  /**
   * `sequential`: every call tries the agents in the listed order. `round-robin`: each
   * call starts one agent further along (shared across instances on one store).
   * @default 'sequential'
   */
  strategy: v.optional(oneOf(['sequential', 'round-robin']), 'sequential'),
  /** The most agents one call tries, each once; capped by the number of agents. @default 3 */
  maxAttempts: v.optional(integer(1, 5), 3),
  /**
   * Seconds each agent rings before the next is tried: Exotel's `TimeOut` for the
   * attempt, which Exotel applies to the visitor's leg too. @default the widget's `timeOut`
   */
  ringSeconds: v.optional(integer(5, 60)),
});

export const scheduleSchema = strict({
  /** Length of each callback slot, minutes (5–240). @default 30 */
  slotMinutes: v.optional(integer(5, 240), 30),
  /** Pending callbacks one slot takes at most (1–100). @default 1 */
  capacityPerSlot: v.optional(integer(1, 100), 1),
  /** Days, today included, that slots are offered for (1–14). @default 7 */
  daysAhead: v.optional(integer(1, 14), 7),
  /** Pending callbacks one number may hold at once (1–10). @default 1 */
  maxPendingPerNumber: v.optional(integer(1, 10), 1),
  /** Pending callbacks one visitor address (IPv6 by /64) may hold at once (1–50). @default 3 */
  maxPendingPerIp: v.optional(integer(1, 50), 3),
});

const retryRuleSchema = strict({
  /** Retries after the first round (0–2): with it, at most 3 rounds a request. */
  attempts: integer(0, 2),
  /** Minutes after the miss that the retry is placed (moved into calling hours), 1–1440. */
  afterMinutes: integer(1, 1440),
});

export const retrySchema = strict({
  /** When the visitor did not pick up or was busy. @default no retry */
  visitorMissed: v.optional(retryRuleSchema),
  /** When no agent could take the call (busy, no answer, away, outside their hours). @default no retry */
  agentsUnavailable: v.optional(retryRuleSchema),
});

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const notTime = 'must be a time like "09:00"';

export const callingHoursSchema = strict(
  {
    /** Local time automatic calls may start from. @default '09:00' */
    from: v.optional(
      text((s) => (TIME.test(s) ? undefined : notTime)),
      '09:00',
    ),
    /** Local time after which no automatic call starts (`24:00`: midnight). @default '21:00' */
    to: v.optional(
      text((s) =>
        TIME.test(s) || s === '24:00' ? undefined : 'must be a time like "21:00" (or "24:00")',
      ),
      '21:00',
    ),
    /**
     * The zone for visitors whose country has several (or none known); a country with
     * one zone always uses its own. @default the widget's hours' zone, else UTC
     */
    timeZone: v.optional(
      text((s) => (isTimeZone(s) ? undefined : `${JSON.stringify(s)} is not an IANA time zone`)),
    ),
  },
  (hours) =>
    typeof hours.from === 'string' && typeof hours.to === 'string' && hours.from >= hours.to
      ? [{ path: ['to'], message: 'must be after from (calling hours do not run past midnight)' }]
      : [],
);

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Where two entries of a list share a value: `[index, index of the first]` pairs. */
function repeats<T>(items: readonly T[], key: (item: T) => unknown): [number, number][] {
  const first = new Map<unknown, number>();
  const found: [number, number][] = [];
  items.forEach((item, i) => {
    const value = key(item);
    if (value === undefined) return;
    const seen = first.get(value);
    if (seen === undefined) first.set(value, i);
    else found.push([i, seen]);
  });
  return found;
}

const FIELD_ID = /^[a-z][a-z0-9_]{0,31}$/;
const notText = 'must be a string of at most 500 characters, or { en, hi? } of such strings';
const shortText = v.pipe(text(), v.maxLength(500, notText));

/** A text the visitor reads: one string (English), or `{ en, hi? }`. */
const localizedText = () =>
  v.pipe(
    v.union([shortText, strict({ en: shortText, hi: v.optional(shortText) })], notText),
    v.title('string | { en, hi? }'),
  );

export const fieldOptionSchema = v.union(
  [
    v.pipe(text(), v.maxLength(200, 'must be at most 200 characters')),
    strict({
      /** The answer stored when this option is picked. */
      value: v.pipe(text(), v.maxLength(200, 'must be at most 200 characters')),
      /** What the visitor reads; the value, without. */
      label: v.optional(localizedText()),
    }),
  ],
  'must be a string or { value, label? }',
);
const fieldOption = v.pipe(fieldOptionSchema, v.title('string | { value, label? }'));

export const fieldSchema = strict(
  {
    /** The answer's key in `fields` (create body, webhooks, `onCallEvent`): `a-z`, digits, `_`; up to 32. */
    id: text((s) =>
      FIELD_ID.test(s)
        ? undefined
        : 'must start with a-z and hold only a-z, digits and "_" (up to 32)',
    ),
    /** What the visitor reads: a string, or `{ en, hi? }`. */
    label: localizedText(),
    /** `text` (one line), `textarea` (line breaks kept) or `select` (one of `options`). @default 'text' */
    type: v.optional(oneOf(['text', 'textarea', 'select']), 'text'),
    /** A `select`'s choices, in order: strings, or `{ value, label? }`. */
    options: v.optional(
      v.pipe(
        list(fieldOption, 'must be a non-empty list of options'),
        v.maxLength(50, 'must list at most 50 options'),
      ),
    ),
    /** Whether a call needs it answered (not blank). @default false */
    required: v.optional(flag(), false),
    /** The longest answer, characters (1–2000). @default 200; 1000 for a textarea */
    maxLength: v.optional(integer(1, 2000)),
  },
  (field) => [
    ...(field.type === 'select' && field.options === undefined
      ? [{ path: ['options'], message: 'is required for a select field' } as FieldProblem]
      : []),
    ...(field.type !== 'select' && field.options !== undefined
      ? [{ path: ['options'], message: 'only applies to type "select"' } as FieldProblem]
      : []),
    ...(Array.isArray(field.options)
      ? repeats(field.options as unknown[], (o) =>
          typeof o === 'string' ? o : (o as { value?: unknown } | null)?.value,
        ).map(
          ([i, j]): FieldProblem => ({
            path: ['options', i],
            message: `repeats options[${j}]'s value`,
          }),
        )
      : []),
  ],
);

export const consentSchema = strict({
  /** The sentence next to the box, as recorded with each call: a string, or `{ en, hi? }`. */
  text: localizedText(),
  /** Whether a call needs the box ticked. @default true */
  required: v.optional(flag(), true),
});

/** Named problems with a widget's fields: no two with one id. */
function fieldProblems(widget: { fields?: unknown }): FieldProblem[] {
  if (!Array.isArray(widget.fields)) return [];
  return repeats(widget.fields as { id?: unknown }[], (f) =>
    typeof f?.id === 'string' ? f.id : undefined,
  ).map(([i, j]) => ({
    path: ['fields', i, 'id'],
    message: `duplicates fields[${j}].id: each field needs an id of its own`,
  }));
}

type AgentInput = { id?: unknown; number?: unknown };

/** Named problems with a widget's agents: exactly one of `from` / `agents`, no repeats. */
function agentProblems(widget: { from?: unknown; agents?: unknown }): FieldProblem[] {
  const agents = Array.isArray(widget.agents) ? (widget.agents as AgentInput[]) : undefined;
  if (widget.from !== undefined && agents)
    return [{ path: ['agents'], message: 'give either from (one agent) or agents, not both' }];
  if (widget.from === undefined && !agents)
    return [
      { path: ['from'], message: "is required (the agent's number), unless agents is given" },
    ];
  if (!agents) return [];
  const number = (a: AgentInput) => (typeof a.number === 'string' ? e164(a.number) : undefined);
  return [
    ...repeats(agents, (a) => (typeof a.id === 'string' ? a.id : undefined)).map(
      ([i, j]): FieldProblem => ({
        path: ['agents', i, 'id'],
        message: `duplicates agents[${j}].id: each agent needs an id of its own`,
      }),
    ),
    ...repeats(agents, number).map(
      ([i, j]): FieldProblem => ({
        path: ['agents', i, 'number'],
        message: `is the same number as agents[${j}].number`,
      }),
    ),
  ];
}

export const widgetSchema = strict(
  {
    /** Id the browser sends. Letters, digits, `_` and `-`. */
    id: id(),
    /** The agent's number, dialled first (Exotel's `From`). E.164. The one-agent shorthand: give `from` or `agents`. */
    from: v.optional(e164Number(' (e.g. "+919876543210")')),
    /** The agents a call may ring, in order; give `agents` or `from`. */
    agents: v.optional(
      v.pipe(
        list(agentSchema, 'must be a non-empty list of { id, number, name?, hours? }'),
        v.maxLength(20, 'must list at most 20 agents'),
      ),
    ),
    /** How a call goes through `agents`. @default { strategy: 'sequential', maxAttempts: 3 } */
    routing: v.optional(routingSchema),
    /** The ExoPhone shown to both parties (Exotel's `CallerId`). */
    callerId: text((s) =>
      DIGITS.test(s)
        ? undefined
        : 'must be the ExoPhone: 6–15 digits, optionally with a leading "+"',
    ),
    /** ISO country codes whose numbers are accepted; the first is the default country. */
    countries: list(
      v.pipe(
        v.string(notCountry),
        v.check((code) => COUNTRIES.has(code), notCountry),
      ),
      'must be a non-empty list of ISO country codes (e.g. ["IN"])',
    ),
    /** Number types accepted. @default ['mobile', 'fixed-line'] */
    numberTypes: v.optional(
      list(numberTypeSchema, `must be a non-empty list of ${NUMBER_TYPES.join(', ')}`),
      ['mobile', 'fixed-line'],
    ),
    /** Exact origins (`https://shop.example.com`) allowed to use the widget. */
    allowedOrigins: list(
      v.pipe(v.string(notOrigin), v.check(isExactOrigin, notOrigin)),
      'must be a non-empty list of origins (e.g. ["https://shop.example.com"])',
    ),
    /**
     * Seconds a new call is held before it is dialled, so the visitor can undo a typo
     * (`DELETE /v1/calls/{id}` with the call's `cancelToken`); `0` dials at once. @default 3
     */
    undoSeconds: v.optional(integer(0, 30), 3),
    /** Longest call, seconds (Exotel's `TimeLimit`, at most 14400). @default 1800 */
    timeLimit: v.optional(integer(1, 14_400), 1800),
    /** Seconds each leg rings (Exotel's `TimeOut`, at most 60). @default 30 */
    timeOut: v.optional(integer(1, 60), 30),
    /** WAV played to the agent while the visitor's phone rings. */
    waitUrl: v.optional(httpsUrl()),
    /** Record calls. @default false */
    record: v.optional(flag(), false),
    /** `dual` records each party on its own channel. @default 'single' */
    recordingChannels: v.optional(oneOf(['single', 'dual'])),
    /** Business hours; always open without. */
    hours: v.optional(businessHoursSchema),
    /** Abuse limits; each has a safe default. */
    limits: v.optional(widgetLimitsSchema, {}),
    /**
     * Callback slots a visitor may book (`GET /v1/widgets/{id}/slots`, `scheduledFor`), cut
     * from `hours` (required with it) and the agents' hours. @default no slots
     */
    schedule: v.optional(scheduleSchema),
    /** Automatic retries of a missed call, placed only inside `callingHours`. @default no retries */
    retry: v.optional(retrySchema),
    /**
     * When booked callbacks and retries may ring, in the visitor's country's time zone.
     * @default { from: '09:00', to: '21:00' }
     */
    callingHours: v.optional(callingHoursSchema),
    /** Human verification required before a call is placed. */
    verification: v.optional(verificationSchema),
    /**
     * When `verification` is asked for: `always`, or only `under-pressure` (once a share of
     * the widget's call budget is spent, e.g. by a distributed attack); verified calls then
     * pass the widget limit, so real visitors still get through. @default 'always'
     */
    verifyWhen: v.optional(oneOf(['always', 'under-pressure']), 'always'),
    /**
     * Under pressure: the share of the widget's first `limits.widget` window that new call
     * requests may use before verification is asked for. @default 0.5
     */
    pressureShare: v.optional(decimal(0.05, 1, 'must be a number from 0.05 to 1'), 0.5),
    /**
     * Lead details the widget asks for before calling (name, reason…), in order; stored with
     * the call and sent in webhooks, never to Exotel. At most 20.
     */
    fields: v.optional(
      v.pipe(
        list(
          fieldSchema,
          'must be a non-empty list of { id, label, type?, options?, required?, maxLength? }',
        ),
        v.maxLength(20, 'must list at most 20 fields'),
      ),
    ),
    /** A consent box the widget shows; its text and when it was ticked are stored with the call. */
    consent: v.optional(consentSchema),
    /**
     * Whether the widget sends the page, referrer and campaign tags (`utm_*`, `gclid`) with a
     * call, stored for the business and never used to decide anything. @default true
     */
    collectContext: v.optional(flag(), true),
    /** Text overrides passed to the widget, by label name. @default {} */
    labels: v.optional(
      v.record(
        v.string(),
        v.pipe(v.string(notLabel), v.maxLength(500, notLabel)),
        'must be an object',
      ),
      {},
    ),
  },
  (widget): FieldProblem[] => [
    ...((widget.recordingChannels === 'single' || widget.recordingChannels === 'dual') &&
    widget.record !== true
      ? [{ path: ['recordingChannels'], message: 'only applies with record: true' } as FieldProblem]
      : []),
    ...agentProblems(widget),
    ...fieldProblems(widget),
    ...(widget.schedule !== undefined && widget.hours === undefined
      ? [
          {
            path: ['schedule'],
            message: 'needs hours: slots are cut from the business hours',
          } as FieldProblem,
        ]
      : []),
  ],
);
