import { TAKE_BUFFERED_BODY, WRITTEN_HEADERS } from './bodyProtocol.js';

const encoder = new TextEncoder();
const unusable = () => new TypeError('Response.body is unusable: it has already been read');

/**
 * A `Response` whose body is a string held in memory, made without the web stream a
 * `new Response(string)` builds at once (on Node 20 that stream is most of its cost).
 * The stream is made only if someone asks for `body`; `text()`, `json()` and
 * `arrayBuffer()` read the string directly, and the Node bridge writes it in one write.
 * Plain web-standard JavaScript: it works wherever `Response` does, browsers included.
 *
 * A `Headers` given in `init` becomes the response's own, not a copy: the caller must
 * not change it afterwards. It is copied into the Response's `headers` only if someone
 * reads them; a bridge writes it as it is (see WRITTEN_HEADERS).
 */
export class BufferedResponse extends Response {
  #text: string;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;
  #taken = false;
  /** The headers it was given, until `headers` is read (then they are the Response's). */
  #given: Headers | undefined;

  constructor(body: string, init: ResponseInit = {}) {
    const given = init.headers instanceof Headers ? init.headers : undefined;
    super(null, given ? { status: init.status, statusText: init.statusText } : init);
    this.#text = body;
    this.#given = given;
    const headers = given ?? super.headers;
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
  }

  override get headers(): Headers {
    const own = super.headers;
    const given = this.#given;
    if (given) {
      this.#given = undefined;
      for (const [name, value] of given) own.append(name, value);
    }
    return own;
  }

  /** The headers to write: those it was given, uncopied, while nobody has read `headers`. */
  [WRITTEN_HEADERS](): Headers {
    return this.#given ?? super.headers;
  }

  /** A JSON answer, as `Response.json` gives. */
  static override json(data: unknown, init: ResponseInit = {}): BufferedResponse {
    const response = new BufferedResponse(JSON.stringify(data), init);
    const headers = response[WRITTEN_HEADERS]();
    if (headers.get('content-type')?.startsWith('text/plain;'))
      headers.set('content-type', 'application/json');
    return response;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (!this.#stream) {
      const bytes = this.#taken ? undefined : encoder.encode(this.#text);
      this.#stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
        start(controller) {
          if (bytes) controller.enqueue(bytes);
          controller.close();
        },
      });
      if (!bytes) this.#stream.getReader();
    }
    return this.#stream;
  }

  override get bodyUsed(): boolean {
    return this.#taken || (this.#stream?.locked ?? false);
  }

  /** The body, once, while nothing has read it (see TAKE_BUFFERED_BODY). */
  [TAKE_BUFFERED_BODY](): string | undefined {
    if (this.#taken || this.#stream) return undefined;
    this.#taken = true;
    return this.#text;
  }

  override async text(): Promise<string> {
    if (this.bodyUsed) throw unusable();
    // Someone asked for the stream: read through it, as a Response would.
    if (this.#stream) return new Response(this.#stream).text();
    this.#taken = true;
    return this.#text;
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = encoder.encode(await this.text());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async blob(): Promise<Blob> {
    return new Blob([await this.text()], { type: this.headers.get('content-type') ?? '' });
  }

  override async formData(): Promise<FormData> {
    return new Response(await this.text(), { headers: this.headers }).formData();
  }

  override clone(): Response {
    if (this.bodyUsed) throw unusable();
    const init = {
      status: this.status,
      statusText: this.statusText,
      headers: new Headers(this.headers),
    };
    if (!this.#stream) return new BufferedResponse(this.#text, init);
    // The stream was handed out (not yet read): split it, as Response.clone() does.
    const [mine, theirs] = this.#stream.tee();
    this.#stream = mine;
    return new Response(theirs, init);
  }
}
