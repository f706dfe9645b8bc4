import type { CallEvent, CallListener } from '../../domain/Store.js';

/** One published change: the event and the seq of the call's event before it. */
export interface PublishedEvent {
  prev: number;
  event: CallEvent;
}

/** Where a subscriber reads what it missed. */
export interface EventLog {
  /** The seq of the call's last event, 0 when it has none. */
  lastSeq(callId: string): Promise<number>;
  events(callId: string, afterSeq: number): Promise<CallEvent[]>;
}

type Work = PublishedEvent | 'resync';

interface Subscription {
  callId: string;
  listener: CallListener;
  /** Seq of the last event handed over; `undefined` when it could not be read. */
  last: number | undefined;
  /** Resolves once `last` is known (or could not be). */
  started: Promise<void>;
  begun: boolean;
  queue: Work[];
  draining: boolean;
  closed: boolean;
}

/**
 * Hands each subscriber its call's events once each and in order, whichever instance
 * wrote them. Messages come from this instance's own writes and from the pub/sub
 * channel, and may arrive twice or out of order (two connections), or not at all (a
 * dropped connection): each message names the seq of the event before it, so a
 * subscriber that notices a gap reads the missing events from the call's log instead,
 * and after a reconnect every subscriber reads whatever was written meanwhile.
 */
export class RedisFanout {
  readonly #byCall = new Map<string, Set<Subscription>>();
  readonly #all = new Set<CallListener>();
  readonly #log: EventLog;

  constructor(log: EventLog) {
    this.#log = log;
  }

  subscribe(callId: string, listener: CallListener): () => void {
    const sub: Subscription = {
      callId,
      listener,
      last: undefined,
      started: Promise.resolve(),
      begun: false,
      queue: [],
      draining: false,
      closed: false,
    };
    // "From now on": events up to the call's current last one are not this subscriber's.
    sub.started = this.#log.lastSeq(callId).then(
      (seq) => {
        sub.last = seq;
        sub.begun = true;
        void this.#drain(sub);
      },
      () => {
        // Redis is away: the subscriber gets what arrives, deduplicated by seq from then on.
        sub.begun = true;
        void this.#drain(sub);
      },
    );
    let set = this.#byCall.get(callId);
    if (!set) {
      set = new Set();
      this.#byCall.set(callId, set);
    }
    set.add(sub);
    return () => {
      sub.closed = true;
      sub.queue.length = 0;
      const current = this.#byCall.get(callId);
      if (!current) return;
      current.delete(sub);
      if (current.size === 0) this.#byCall.delete(callId);
    };
  }

  /**
   * Every call's events as the channel carries them: in the order Redis stored them, from
   * every instance. Nothing is read back after a lost connection (a live view refreshes).
   */
  subscribeAll(listener: CallListener): () => void {
    const entry: CallListener = (event) => listener(event);
    this.#all.add(entry);
    return () => {
      this.#all.delete(entry);
    };
  }

  /** A message from the channel, for the `subscribeAll` listeners. */
  broadcast(message: PublishedEvent): void {
    for (const listener of [...this.#all]) {
      try {
        listener({ ...message.event });
      } catch {
        // A broken subscriber must not keep the others from their event.
      }
    }
  }

  /** Resolves once every subscriber of the call knows where it starts, so a writer's own event reaches them before its write resolves. */
  async settle(callId: string): Promise<void> {
    const set = this.#byCall.get(callId);
    if (set) await Promise.all([...set].map((sub) => sub.started));
  }

  publish(message: PublishedEvent): void {
    const set = this.#byCall.get(message.event.callId);
    if (!set) return;
    for (const sub of [...set]) {
      sub.queue.push(message);
      void this.#drain(sub);
    }
  }

  /** After the channel was down: every subscriber reads the events written meanwhile. */
  resync(): void {
    for (const set of this.#byCall.values()) {
      for (const sub of set) {
        sub.queue.push('resync');
        void this.#drain(sub);
      }
    }
  }

  clear(): void {
    for (const set of this.#byCall.values()) for (const sub of set) sub.closed = true;
    this.#byCall.clear();
    this.#all.clear();
  }

  async #drain(sub: Subscription): Promise<void> {
    if (sub.draining || !sub.begun) return;
    sub.draining = true;
    try {
      while (!sub.closed && sub.queue.length > 0) {
        const work = sub.queue[0]!;
        const gap =
          work === 'resync' ||
          (sub.last !== undefined && work.event.seq > sub.last && work.prev > sub.last);
        if (gap) {
          // Left at the head of the queue until the read succeeds.
          const missed = await this.#log.events(sub.callId, sub.last ?? 0);
          for (const event of missed) hand(sub, event);
        } else hand(sub, work.event);
        sub.queue.shift();
      }
    } catch {
      // Redis went away mid-read: the work stays queued for the next message or the resync.
    } finally {
      sub.draining = false;
    }
  }
}

function hand(sub: Subscription, event: CallEvent): void {
  if (sub.closed || (sub.last !== undefined && event.seq <= sub.last)) return;
  sub.last = event.seq;
  try {
    sub.listener({ ...event });
  } catch {
    // A broken subscriber must not keep the others, or the writer, from their event.
  }
}
