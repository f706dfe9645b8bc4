/** A minimal Server-Sent Events reader for tests: events as they arrive, and comments. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  done = false;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = '';

  constructor(response: Response) {
    this.#reader = response.body!.getReader();
  }

  /** Reads until `predicate` holds (or the stream ends). */
  async until(predicate: (reader: SseReader) => boolean): Promise<this> {
    while (!predicate(this) && !this.done) {
      const { done, value } = await this.#reader.read();
      if (done) {
        this.done = true;
        break;
      }
      this.#buffer += this.#decoder.decode(value, { stream: true });
      let end = this.#buffer.indexOf('\n\n');
      while (end !== -1) {
        this.#parse(this.#buffer.slice(0, end));
        this.#buffer = this.#buffer.slice(end + 2);
        end = this.#buffer.indexOf('\n\n');
      }
    }
    return this;
  }

  /** Reads until the server closes the stream. */
  toEnd(): Promise<this> {
    return this.until(() => false);
  }

  states(): string[] {
    return this.events.map((e) => (JSON.parse(e.data) as { state: string }).state);
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }

  #parse(block: string): void {
    const event: SseEvent = { data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('retry:')) this.retry = Number(line.slice(6));
      else if (line.startsWith('id:')) event.id = line.slice(3).trim();
      else if (line.startsWith('event:')) event.event = line.slice(6).trim();
      else if (line.startsWith('data:')) {
        event.data += (hasData ? '\n' : '') + line.slice(5).trim();
        hasData = true;
      }
    }
    if (hasData) this.events.push(event);
  }
}
