import { isFinal, isWaiting } from '../domain/callState.js';
import type { CallRecord } from '../domain/Store.js';
import { visitorLineKey } from '../domain/storeKeys.js';
import { advanceAttempt } from './advanceAttempt.js';
import { releaseAgent } from './claimAgent.js';
import type { ServerContext } from './ServerContext.js';
import { armJob } from './scheduler.js';

/**
 * What follows a stored change to a call's attempts: an attempt that ended frees its
 * agent's line, a call that ended frees the visitor's number, and an attempt the agent
 * missed starts the next one at once. Neither holds
 * up the writer (a callback is acknowledged first); both are tracked so `close()` waits
 * for them, and the reconciler finishes an advance this process could not.
 */
export function followAttempts(
  ctx: ServerContext,
): (before: CallRecord, after: CallRecord) => void {
  const run = (what: string, callId: string, task: () => Promise<void>) => {
    const running = task()
      .catch((error: unknown) => ctx.logger.error({ msg: `${what} failed`, callId, error }))
      .finally(() => ctx.background.delete(running));
    ctx.background.add(running);
  };
  return (before, after) => {
    const missed = after.advancing && !before.advancing;
    // A round that ended in a wait for its retry frees what the round held, as an ending does.
    const settled =
      (isFinal(after.state) || after.state === 'retry-scheduled') &&
      !isFinal(before.state) &&
      !isWaiting(before.state);
    const claims = before.schedule?.claims ?? [];
    if (claims.length > 0 && (after.schedule?.claims.length ?? 0) === 0)
      run('freeing the callback’s slot', after.id, async () => {
        const store = await ctx.store();
        for (const key of claims) await store.releaseLease(key, after.id);
      });
    if ((missed || settled) && after.attempt > 0) {
      const { attempt } = after;
      const agentId = after.attempts[attempt - 1]?.agentId;
      run('freeing the agent', after.id, () =>
        releaseAgent(ctx, after.widgetId, agentId, after.id, attempt),
      );
    }
    const holder = after.lineHolder;
    if (settled && holder)
      run('freeing the number', after.id, async () =>
        (await ctx.store()).releaseLease(visitorLineKey(after.to), holder),
      );
    if (missed && !ctx.closing) run('next attempt', after.id, () => advanceAttempt(ctx, after.id));
    // A retry due soon is placed by this process's timer, on time.
    if (isWaiting(after.state) && after.dialAt !== before.dialAt) armJob(ctx, after);
  };
}
