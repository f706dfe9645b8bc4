import type { CallSessionError } from './CallSessionError.js';
import type { CallStorage } from './createCallMemory.js';
import type { CallTransport } from './followCall.js';
import type { ParsedPhoneNumber } from './parsePhoneNumber.js';
import type { PhoneRules } from './phoneRule.js';
import type {
  Call,
  CallContext,
  CallSessionStatus,
  SlotList,
  Verification,
  Widget,
} from './types.js';

export interface CallSessionOptions {
  /** Where the proxy is mounted, e.g. `https://shop.example.com/ringback`. */
  endpoint: string;
  /** The widget id configured on the server. */
  widgetId: string;
  /** @default globalThis.fetch, looked up on each request */
  fetch?: (input: Request) => Promise<Response>;
  /** `null` follows calls by polling only. @default globalThis.EventSource */
  EventSource?: typeof EventSource | null;
  /**
   * Returns a token from the widget's human-verification challenge (Turnstile,
   * hCaptcha, reCAPTCHA), which the host page renders. Called when the widget
   * requires verification and `submit()` got no token.
   */
  getVerificationToken?: (verification: Verification) => string | Promise<string>;
  /** Between status reads when polling. @default 2000 */
  pollIntervalMs?: number;
  /** Resends of a create request that got no answer, with the same Idempotency-Key. @default 2 */
  networkRetries?: number;
  /** Makes Idempotency-Keys. @default crypto.randomUUID */
  idempotencyKey?: () => string;
  /**
   * Numbering rules for formatting and checking numbers in the browser, e.g.
   * `{ IN, AE, GB }` from `@ringback/client/phone-rules`. @default India's
   */
  phoneRules?: PhoneRules;
  /**
   * Where the live call (its id and cancel capability) is kept, keyed by endpoint and
   * widget, so a reload or a navigation on the same site resumes following it; `null`
   * keeps nothing. @default globalThis.sessionStorage
   */
  storage?: CallStorage | null;
  /**
   * Where a call that waits for its time (a booked callback, `scheduled`, or a retry,
   * `retry-scheduled`) is kept instead, so a visitor who comes back another day sees it
   * and can cancel it (`undo()`); `null` keeps nothing. It is forgotten once the call
   * ends or is canceled. @default globalThis.localStorage
   */
  pendingStorage?: CallStorage | null;
  /**
   * What a call tells of where it was requested from (`context`), when the widget's
   * `collectContext` is on: the page's address and referrer without query or fragment,
   * and its campaign tags. `undefined` sends none.
   * @default () => collectCallContext(location.href, document.referrer)
   */
  getCallContext?: () => CallContext | undefined;
}

export interface SubmitInput {
  /** What the visitor typed: national (`98123 45678`) or international (`+91…`). */
  phone: string;
  /** The country a national number is read in. @default the widget's default country */
  country?: string;
  /** A human-verification token, if the page obtained one itself. */
  verificationToken?: string | undefined;
  /** The visitor's answers to the widget's `fields`, by field id (see `checkLead`). */
  fields?: Record<string, string> | undefined;
  /** Whether the visitor ticked the widget's consent box. @default false */
  consent?: boolean | undefined;
  /**
   * Books a callback instead of calling now: the `start` of a slot from `loadSlots()`.
   * The call is answered `scheduled`; a closed business does not refuse it.
   */
  scheduledFor?: string | undefined;
}

export interface CallSessionSnapshot {
  status: CallSessionStatus;
  /** The widget's public configuration, once loaded. */
  widget: Widget | null;
  /** The call, once the proxy accepted it. */
  call: Call | null;
  /** Set while `status` is `error`. */
  error: CallSessionError | null;
  /** The number last submitted, as read in the browser. */
  phone: ParsedPhoneNumber | null;
  /** How live status arrives while a call is followed. */
  transport: CallTransport | null;
  /** The free callback slots, once `loadSlots()` got them; `null` before, or when that failed. */
  slots: SlotList | null;
  /** Whether calls are accepted now (business hours). */
  open: boolean;
  /** While closed: when calls are accepted again, if known. */
  nextOpening: Date | null;
  /** Whether `retry()` would do something now (`rate_limited` turns it on at `retryAt`). */
  canRetry: boolean;
  /**
   * Which agent the call is trying, from 1 (the call's `attempt`); a later one after an
   * agent missed it. `0` before a call, or when no agent could be tried.
   */
  attempt: number;
  /** The most agents the call may try; `0` before a call. */
  maxAttempts: number;
  /** The name of the agent being tried, when the business gave one. */
  agentName: string | null;
  /**
   * While the call is held before dialling (`call.dialAt`: the undo window, a booked
   * callback, a retry that waits): whether `undo()` can cancel it.
   */
  canUndo: boolean;
  /**
   * The call's live status stopped arriving (the stream dropped and reads fail); the
   * session keeps trying, backing off. What the call did meanwhile arrives with the
   * first answer.
   */
  reconnecting: boolean;
}

/**
 * A click-to-call session: a state machine from `idle` through `validating` and
 * `submitting` to the call's live states and its ending, with `subscribe()` /
 * `getSnapshot()` for any UI to bind to.
 */
export interface CallSession {
  getSnapshot(): CallSessionSnapshot;
  /** Calls `listener` on every change. The first subscriber starts the session (loads the widget). */
  subscribe(listener: (snapshot: CallSessionSnapshot) => void): () => void;
  /** (Re)loads the widget's configuration. */
  load(): Promise<void>;
  /**
   * Reads the widget's free callback slots (for `days` days from today; the widget's
   * `daysAhead` without) into `snapshot.slots`. Resolves to the failure, or `null`.
   */
  loadSlots(days?: number): Promise<CallSessionError | null>;
  /**
   * Validates the number and places the call, or books it for `input.scheduledFor`.
   * Ignored while a call is being placed, live or waiting for its time.
   */
  submit(input: SubmitInput): Promise<void>;
  /** Tries the last attempt again: same Idempotency-Key if its outcome is unknown, else a new one. */
  retry(): Promise<void>;
  /**
   * Cancels the call while it is held before dialling (the undo window, a booked
   * callback, a retry that waits), and goes back to `idle`. Once
   * dialling started the proxy refuses (`call_not_cancelable`): the call goes on and
   * `canUndo` turns off.
   */
  undo(): Promise<void>;
  /** Stops waiting for human verification; nothing was sent. */
  cancel(): void;
  /** Back to `idle`, keeping the widget's configuration. */
  reset(): void;
  /** Stops everything for good: requests, the event stream, timers and listeners. */
  dispose(): void;
}
