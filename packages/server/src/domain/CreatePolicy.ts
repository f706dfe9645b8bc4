import type { CreateCallRequest, ProblemCode } from '@ringback/protocol';
import type { Logger } from './logger.js';
import type { Problem } from './problem.js';
import type { ResolvedConfig, ResolvedWidget } from './ResolvedConfig.js';
import type { Store } from './Store.js';

/** A visitor's number once a policy has read it (the built-in `phone` policy sets it). */
export interface CheckedPhone {
  /** E.164. */
  e164: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  type: string;
}

/** What a create policy sees of one `POST /v1/calls`. Policies read it; only `phone` is written (by the `phone` policy). */
export interface CreatePolicyContext {
  /** The request as received; its body has been read already. */
  readonly request: Request;
  /** The body, validated against the spec's `CreateCallRequest`. */
  readonly body: CreateCallRequest;
  readonly widget: ResolvedWidget;
  /** The visitor's address as the server sees it (after `trustProxy`), if known. */
  readonly clientIp: string | undefined;
  /** ms since epoch, the server's clock (`now`). */
  readonly now: number;
  readonly store: Store;
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  /** The number, once the `phone` policy passed. */
  phone?: CheckedPhone;
  /** The visitor passed human verification on this request (the `verification` policy). */
  verified?: boolean;
  /** The Idempotency-Key the call is stored under (an operator's is kept apart from visitors'). */
  readonly idempotencyKey?: string;
  /**
   * Set when an operator calls a lead back from the console ("call back now"): who, and the
   * call called back. The visitor's checks (origin, verification, business hours) and the
   * visitor-address limits do not run then; calling hours do.
   */
  readonly operator?: { readonly actor: string; readonly callbackOf: string };
}

/** A policy's verdict: `undefined` lets the request on, a `Problem` refuses it with its code. */
export type PolicyVerdict = Problem | undefined;

/**
 * One rule a new call must pass before Exotel is asked. Policies run in order
 * (`CREATE_POLICIES`, then the config's own `policies`); the first that refuses
 * answers the visitor with its problem, and nothing is recorded.
 */
export interface CreatePolicy {
  /** A short name for logs and the README's table, e.g. `business-hours`. */
  readonly name: string;
  /** Every problem code `check` may return: documented, and enforced in tests. */
  readonly codes: readonly ProblemCode[];
  /**
   * `request` policies run on every create, a repeat under the same Idempotency-Key
   * included, before the key is looked up (cheap, stateless checks such as the origin);
   * `call` policies only before a new call is placed (a repeat answers with the first
   * outcome instead). @default 'call'
   */
  readonly stage?: 'request' | 'call';
  check(context: CreatePolicyContext): PolicyVerdict | Promise<PolicyVerdict>;
}
