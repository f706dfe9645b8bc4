import type { components } from '@ringback/protocol';
import type { ResolvedHours } from './businessHours.js';
import type { CreatePolicy } from './CreatePolicy.js';
import type { CallingHoursRule } from './callingHours.js';
import type { OperatorRole } from './consoleSchema.js';
import type { Cidr } from './ipAddress.js';
import type { NumberType, RateWindow, WidgetLimits } from './RingbackConfig.js';
import type { RetryPlan, Store, StoreOpener } from './Store.js';
import type { Verifier } from './Verifier.js';
import type { WebhookEventType } from './webhooks.js';

/** A webhook endpoint, checked. */
export interface ResolvedWebhook {
  url: string;
  /** The signing key: the secret's bytes after `whsec_`. */
  key: Uint8Array;
  events: ReadonlySet<WebhookEventType>;
  allowPrivateNetwork: boolean;
}

/** One agent of a widget, checked. */
export interface ResolvedAgent {
  id: string;
  /** E.164. Never leaves the server. */
  number: string;
  /** What the visitor may see; `null` when not given. */
  name: string | null;
  hours: ResolvedHours | undefined;
}

/** A widget's settings once checked and filled with defaults: what the server runs on. */
export interface ResolvedWidget {
  id: string;
  /** The agents a call may ring, in order (`from` is one agent with the id `default`). */
  agents: ResolvedAgent[];
  routing: {
    strategy: 'sequential' | 'round-robin';
    /** The most attempts a call makes: the configured `maxAttempts`, at most one per agent. */
    maxAttempts: number;
    /**
     * Whether agents are chosen by availability, hours and whether they are on a call
     * (`agents`), or the one agent is rung for every call, as always (`from`).
     */
    group: boolean;
  };
  callerId: string;
  countries: string[];
  defaultCountry: string;
  numberTypes: Set<NumberType>;
  allowedOrigins: Set<string>;
  timeLimit: number;
  /** Seconds each leg rings: `routing.ringSeconds`, else `timeOut`. */
  timeOut: number;
  /** Seconds a new call is held before it is dialled (0: at once). */
  undoSeconds: number;
  waitUrl: string | undefined;
  record: boolean;
  recordingChannels: 'single' | 'dual' | undefined;
  hours: ResolvedHours | undefined;
  /** Bookable callback slots, or `undefined` when the widget offers none. */
  schedule:
    | {
        slotMinutes: number;
        capacityPerSlot: number;
        daysAhead: number;
        maxPendingPerNumber: number;
        maxPendingPerIp: number;
      }
    | undefined;
  /** Automatic retries after a miss: rounds after the first, and the wait before each. */
  retry: RetryPlan;
  /** When booked callbacks and retries may ring (minutes since local midnight). */
  callingHours: CallingHoursRule;
  limits: Required<WidgetLimits>;
  verifier: Verifier | undefined;
  /** When the verifier is asked: always, or only while the widget is under pressure. */
  verifyWhen: 'always' | 'under-pressure';
  /** The share of the widget's first window after which it is under pressure. */
  pressureShare: number;
  labels: Record<string, string>;
  /** The lead details asked for, as published to the widget (labels as `{ en, hi? }`, limits filled in). */
  fields: components['schemas']['WidgetField'][];
  /** The consent box, or `null`. */
  consent: components['schemas']['WidgetConsent'] | null;
  /** Whether a call's `context` is stored (else dropped). */
  collectContext: boolean;
  /** E.164 numbers this widget never calls: its agent, its ExoPhone and the server's blocklist. */
  blocked: Set<string>;
}

/** An operator who may log in to the console. */
export interface ResolvedOperator {
  /** Lowercased: log-ins compare without regard to case. */
  email: string;
  passwordHash: string;
  role: OperatorRole;
}

/** The console and its API, checked: served only when configured. */
export interface ResolvedConsole {
  /** By lowercased email. */
  operators: Map<string, ResolvedOperator>;
  /** Each token's SHA-256 (32 bytes), its name and role. */
  apiTokens: { name: string; hash: Uint8Array; role: OperatorRole }[];
  sessionMs: number;
  timeZone: string;
  loginLimits: { address: RateWindow; account: RateWindow };
  /** Where the console's files are served from; `undefined`: `@ringback/console`'s build. */
  assetsDir: string | undefined;
}

/** The whole configuration once checked and filled with defaults: what the server runs on. */
export interface ResolvedConfig {
  exotel: {
    accountSid: string;
    apiKey: string;
    apiToken: string;
    region: 'singapore' | 'mumbai';
    baseUrl: string | undefined;
    timeoutMs: number;
    fetch: typeof fetch | undefined;
    statusCallbackContentType: 'application/json' | 'multipart/form-data';
  };
  secrets: string[];
  publicBaseUrl: string;
  basePath: string;
  widgets: Map<string, ResolvedWidget>;
  /** The business's own create policies, run after the built-in ones (`policies`). */
  policies: CreatePolicy[];
  /** Every widget's origins: CORS preflights are answered for these only. */
  allOrigins: Set<string>;
  /** A store passed as an object, or the opener of the one the configuration names. */
  store: Store | StoreOpener;
  globalLimit: RateWindow;
  /** `fromDefault`: no `from` was configured, so loopback and private networks are trusted. */
  trustProxy: { header: string; hops: number; from: Cidr[]; fromDefault: boolean } | undefined;
  maxBodyBytes: number;
  reconcileGraceMs: number;
  reconcileIntervalMs: number;
  heartbeatMs: number;
  maxStreamsPerIp: number;
  /** How late a booked callback or retry may still be placed after falling due. */
  callbackStaleMs: number;
  retentionMs: number;
  health: boolean;
  upstreamRetry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
  /** Where call events are delivered. */
  webhooks: ResolvedWebhook[];
  /** The operator console and API; `undefined` when not configured (then not served). */
  console: ResolvedConsole | undefined;
  /** Every secret value, for redaction. */
  redact: string[];
}
