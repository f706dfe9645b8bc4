import type { AdminCall } from '../api/types.js';

/** The part of `EventSource` the feed uses, so tests can hand in their own. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

export type CreateEventSource = (url: string) => EventSourceLike;

export type LiveStatus = 'connecting' | 'live' | 'interrupted';

const CLOSED = 2;
const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 60_000;

export interface LiveFeedOptions {
  url: string;
  createEventSource: CreateEventSource;
  /**
   * The stream was refused (not a mere drop, which `EventSource` retries by itself):
   * perhaps the session ended. The feed tries again later.
   */
  onRefused?: () => void;
}

/**
 * One stream of `/v1/admin/events` shared by every page: `event: call` carries an
 * `AdminCall` as it is after a change. Listeners get each call; after a reconnect they
 * are told to resync (reload), since changes made meanwhile were not streamed.
 */
export class LiveFeed {
  #options: LiveFeedOptions;
  #source: EventSourceLike | undefined;
  #status: LiveStatus = 'connecting';
  #dropped = false;
  #retryMs = FIRST_RETRY_MS;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #calls = new Set<(call: AdminCall) => void>();
  #resyncs = new Set<() => void>();
  #statuses = new Set<() => void>();

  constructor(options: LiveFeedOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#source) return;
    const source = this.#options.createEventSource(this.#options.url);
    this.#source = source;
    source.addEventListener('open', () => {
      this.#retryMs = FIRST_RETRY_MS;
      this.#setStatus('live');
      if (this.#dropped) for (const listener of this.#resyncs) listener();
      this.#dropped = false;
    });
    source.addEventListener('call', (event) => {
      let call: AdminCall;
      try {
        call = JSON.parse((event as MessageEvent<string>).data) as AdminCall;
      } catch {
        return;
      }
      for (const listener of this.#calls) listener(call);
    });
    source.addEventListener('error', () => {
      this.#dropped = true;
      this.#setStatus('interrupted');
      if (source.readyState !== CLOSED) return;
      this.#source = undefined;
      source.close();
      this.#options.onRefused?.();
      this.#timer = setTimeout(() => this.start(), this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, LAST_RETRY_MS);
    });
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#source?.close();
    this.#source = undefined;
  }

  onCall(listener: (call: AdminCall) => void): () => void {
    this.#calls.add(listener);
    return () => this.#calls.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.#resyncs.add(listener);
    return () => this.#resyncs.delete(listener);
  }

  /** For `useSyncExternalStore`. */
  subscribeStatus = (listener: () => void): (() => void) => {
    this.#statuses.add(listener);
    return () => this.#statuses.delete(listener);
  };

  getStatus = (): LiveStatus => this.#status;

  #setStatus(status: LiveStatus) {
    if (status === this.#status) return;
    this.#status = status;
    for (const listener of this.#statuses) listener();
  }
}
