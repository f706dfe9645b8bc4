import type { EventSourceLike } from '../live/LiveFeed.js';

/** An `EventSource` a test drives: `open()`, `send(event, data)`, `drop()`, `refuse()`. */
export class FakeEventSource extends EventTarget implements EventSourceLike {
  readyState = 0;
  constructor(readonly url: string) {
    super();
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  send(type: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  /** The connection broke; a browser would reconnect by itself. */
  drop() {
    this.readyState = 0;
    this.dispatchEvent(new Event('error'));
  }
  /** The server refused the stream (a 401, say): the browser gives up. */
  refuse() {
    this.readyState = 2;
    this.dispatchEvent(new Event('error'));
  }
  close() {
    this.readyState = 2;
  }
}
