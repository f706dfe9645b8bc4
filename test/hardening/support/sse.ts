// A minimal Server-Sent Events reader: reads a stream to its end (or until told to stop)
// and keeps each `state` event's call state, attempt and id.

export interface SseState {
  id: number;
  state: string;
  /** The call's attempt in that event (`undefined` when the server sent none). */
  attempt?: number;
}

export interface SseReading {
  states: SseState[];
  /** Resolves once the server ends the stream (or `stop()` cancels it). */
  ended: Promise<void>;
  /** True once the server closed the stream by itself. */
  closedByServer(): boolean;
  stop(): Promise<void>;
}

export function readSse(body: ReadableStream<Uint8Array>): SseReading {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const states: SseState[] = [];
  let buffer = '';
  let serverClosed = false;
  let stopped = false;
  const parse = (block: string) => {
    let id: number | undefined;
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('id:')) id = Number(line.slice(3).trim());
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (data && id !== undefined) {
      const event = JSON.parse(data) as { state: string; attempt?: unknown };
      states.push({
        id,
        state: event.state,
        ...(typeof event.attempt === 'number' ? { attempt: event.attempt } : {}),
      });
    }
  };
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          serverClosed = !stopped;
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Cancelled, or the connection broke: the states read so far stand.
    }
  })();
  return {
    states,
    ended,
    closedByServer: () => serverClosed,
    async stop() {
      stopped = true;
      await reader.cancel().catch(() => {});
      await ended;
    },
  };
}
