import type { CreatePolicy, CreatePolicyContext } from '../domain/CreatePolicy.js';
import { Problem } from '../domain/problem.js';
import { isStoreUnavailable } from '../domain/StoreUnavailableError.js';
import { businessHoursPolicy } from './businessHoursPolicy.js';
import { liveCallPolicy } from './liveCallPolicy.js';
import { originPolicy } from './originPolicy.js';
import { phonePolicy } from './phonePolicy.js';
import { rateLimitPolicy } from './rateLimitPolicy.js';
import { schedulePolicy } from './schedulePolicy.js';
import { verificationPolicy } from './verificationPolicy.js';

/**
 * The built-in create policies, in the order they run (the README's "What happens to a
 * call" lists them). Cheap and stateless first; the rate limits last, since passing
 * them charges the visitor's budget.
 */
export const CREATE_POLICIES: readonly CreatePolicy[] = [
  originPolicy,
  verificationPolicy,
  businessHoursPolicy,
  phonePolicy,
  schedulePolicy,
  liveCallPolicy,
  rateLimitPolicy,
];

/** The order a create runs: the built-ins, with the business's own policies just before the rate limits. */
export function createPolicyOrder(custom: readonly CreatePolicy[]): readonly CreatePolicy[] {
  if (custom.length === 0) return CREATE_POLICIES;
  const limits = CREATE_POLICIES.indexOf(rateLimitPolicy);
  return [...CREATE_POLICIES.slice(0, limits), ...custom, ...CREATE_POLICIES.slice(limits)];
}

/**
 * Runs the policies of one stage in order and throws the first refusal. A policy may
 * return its `Problem` or throw it. Anything else it throws (its own lookup failing)
 * refuses the request with `503 service_unavailable`: a policy that cannot decide
 * never lets a call through.
 */
export async function runPolicies(
  policies: readonly CreatePolicy[],
  stage: 'request' | 'call',
  context: CreatePolicyContext,
): Promise<void> {
  for (const policy of policies) {
    if ((policy.stage ?? 'call') !== stage) continue;
    let verdict: Problem | undefined;
    try {
      verdict = await policy.check(context);
    } catch (error) {
      // The store being away is the server's own trouble, answered as such further up.
      if (isStoreUnavailable(error)) throw error;
      if (!(error instanceof Problem)) {
        context.logger.error({ msg: 'create policy failed', policy: policy.name, error });
        throw new Problem(
          'service_unavailable',
          'The call could not be checked right now; try again shortly.',
          { retryAfterSeconds: 5 },
          { cause: error },
        );
      }
      verdict = error;
    }
    if (verdict === undefined) continue;
    if (!policy.codes.includes(verdict.code))
      context.logger.warn({
        msg: 'create policy refused with an undeclared code',
        policy: policy.name,
        code: verdict.code,
      });
    throw verdict;
  }
}
