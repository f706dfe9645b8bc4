import { isFinal, isWaiting } from '../domain/callState.js';
import type { CallRecord } from '../domain/Store.js';
import { dialAttempt } from './dialAttempt.js';
import type { ServerContext } from './ServerContext.js';

/** How late past its undo window a held call may still be dialled. */
const STALE_HOLD_MS = 60_000;

/**
 * Dials a held call whose undo window is over. Ending the window is a compare-and-set,
 * so of this process's timer, the reconciler and another instance, exactly one dials,
 * and a call the visitor canceled is never dialled.
 */
export async function dialHeld(ctx: ServerContext, callId: string): Promise<void> {
  let mine = false;
  let stale = false;
  const started = await ctx.update(
    callId,
    (current) => {
      // A booked callback or retry is the scheduler's (`placeDue`), never a hold.
      mine =
        current.dialAt !== null &&
        !isFinal(current.state) &&
        !isWaiting(current.state) &&
        ctx.now() >= current.dialAt;
      // Found long after its window (the server was down): the visitor has moved on, and
      // a phone ringing minutes later would be a surprise. Dropped, not dialled.
      stale = mine && ctx.now() - current.dialAt! > STALE_HOLD_MS;
      if (!mine) return undefined;
      return stale ? { cancel: true } : { startDialing: true };
    },
    'api',
  );
  if (mine && stale) {
    ctx.logger.warn({ msg: 'held call found too late to dial; canceled', callId });
    return;
  }
  if (!mine || !started || started.dialAt !== null) return;
  const widget = ctx.config.widgets.get(started.widgetId);
  const agent = widget?.agents.find((a) => a.id === started.agentId);
  if (!widget || !agent) {
    // The widget or its agent left the configuration while the call was held.
    ctx.logger.warn({ msg: 'held call has no agent to dial any more', callId });
    await ctx.update(callId, () => ({ state: 'failed' }), 'api');
    return;
  }
  await dialAttempt(ctx, widget, started, agent, 'api');
}

/** Dials `call` when its undo window ends, on this process's clock; the reconciler is the safety net. */
export function dialWhenDue(ctx: ServerContext, call: CallRecord): void {
  if (call.dialAt === null) return;
  const timer = setTimeout(
    () => {
      ctx.timers.delete(timer);
      if (ctx.closing) return;
      const dialling = dialHeld(ctx, call.id)
        .catch((error: unknown) =>
          ctx.logger.error({ msg: 'dialling a held call failed', callId: call.id, error }),
        )
        .finally(() => ctx.background.delete(dialling));
      ctx.background.add(dialling);
    },
    Math.max(0, call.dialAt - ctx.now()),
  );
  ctx.timers.add(timer);
}
