// Thousands of Server-Sent Events subscribers in one process, and the clock that times
// how long one callback takes to reach every subscriber of its call.
import http from 'node:http';
import {
  type CallbackStep,
  type CallTarget,
  MULTIPART_TYPE,
  STATE_AFTER,
  statusCallbackBody,
} from '../lib/callbackBody.js';
import { serveCommands } from '../lib/childProtocol.js';

interface Stream {
  callId: string;
  req: http.ClientRequest;
  buffer: string;
  firstEvent: boolean;
  ended: boolean;
}

interface Round {
  callId: string;
  state: string;
  remaining: number;
  last: number;
  done(): void;
}

const streams: Stream[] = [];
const subscribers = new Map<string, number>();
let round: Round | undefined;
let onFirstEvent: (() => void) | undefined;
let onEnded: (() => void) | undefined;
let ended = 0;

function onData(stream: Stream, chunk: string): void {
  stream.buffer += chunk;
  let end = stream.buffer.indexOf('\n\n');
  while (end !== -1) {
    const block = stream.buffer.slice(0, end);
    stream.buffer = stream.buffer.slice(end + 2);
    end = stream.buffer.indexOf('\n\n');
    const at = block.indexOf('"state":"');
    if (at === -1) continue; // retry:, keep-alive comments
    const state = block.slice(at + 9, block.indexOf('"', at + 9));
    if (!stream.firstEvent) {
      stream.firstEvent = true;
      onFirstEvent?.();
    }
    if (round && round.callId === stream.callId && round.state === state) {
      round.last = performance.now();
      if (--round.remaining === 0) round.done();
    }
  }
}

function openStream(base: URL, callId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: base.hostname,
      port: base.port,
      path: `/v1/calls/${callId}/events`,
      headers: { accept: 'text/event-stream' },
      agent: false,
    });
    const stream: Stream = { callId, req, buffer: '', firstEvent: false, ended: false };
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`event stream answered ${res.statusCode}`));
        return;
      }
      streams.push(stream);
      subscribers.set(callId, (subscribers.get(callId) ?? 0) + 1);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => onData(stream, chunk));
      res.on('end', () => {
        stream.ended = true;
        ended++;
        onEnded?.();
      });
      res.on('error', () => {});
      resolve();
    });
    req.on('error', reject);
    req.end();
  });
}

function post(base: URL, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path,
        headers: { 'content-type': MULTIPART_TYPE, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const callbackPath = (t: CallTarget, step: CallbackStep, floor: boolean) =>
  floor ? `${t.callbackPath}&state=${STATE_AFTER[step]}` : t.callbackPath;

serveCommands(
  {},
  {
    /** Opens `count` streams over `callIds` (round-robin), `parallel` at a time; resolves once each has its first event. */
    open: async ({
      url,
      callIds,
      count,
      parallel,
    }: {
      url: string;
      callIds: string[];
      count: number;
      parallel: number;
    }) => {
      const base = new URL(url);
      const started = performance.now();
      let firstEvents = 0;
      const allFirst = new Promise<void>((resolve) => {
        onFirstEvent = () => {
          if (++firstEvents === count) resolve();
        };
      });
      let next = 0;
      let failed = 0;
      const worker = async () => {
        while (next < count) {
          const i = next++;
          await openStream(base, callIds[i % callIds.length]!).catch(() => failed++);
        }
      };
      await Promise.all(Array.from({ length: parallel }, worker));
      if (failed > 0) throw new Error(`${failed} of ${count} event streams failed to open`);
      await Promise.race([allFirst, new Promise((r) => setTimeout(r, 30_000))]);
      return {
        opened: streams.length,
        withFirstEvent: firstEvents,
        openMs: performance.now() - started,
      };
    },
    /**
     * For each step and each call in turn: sends the callback and waits until every
     * subscriber of that call has the new state. A sample is the time from just before
     * the callback is sent to the last subscriber's event.
     */
    fanout: async ({
      url,
      targets,
      steps,
      floor,
    }: {
      url: string;
      targets: CallTarget[];
      steps: CallbackStep[];
      floor: boolean;
    }) => {
      const base = new URL(url);
      const samples: number[] = [];
      let timeouts = 0;
      let refused = 0;
      for (const step of steps) {
        for (const target of targets) {
          const expected = subscribers.get(target.callId) ?? 0;
          let timer: NodeJS.Timeout | undefined;
          const notified = new Promise<boolean>((resolve) => {
            round = {
              callId: target.callId,
              state: STATE_AFTER[step],
              remaining: expected,
              last: 0,
              done: () => resolve(true),
            };
            timer = setTimeout(() => resolve(false), 10_000);
          });
          const t0 = performance.now();
          const status = await post(
            base,
            callbackPath(target, step, floor),
            statusCallbackBody(target, step),
          );
          if (status !== 200) refused++;
          const ok = expected === 0 || (await notified);
          clearTimeout(timer);
          if (ok) samples.push(round!.last - t0);
          else timeouts++;
          round = undefined;
        }
      }
      return { samples, timeouts, refused };
    },
    /** Ends every call (the proxy then closes its streams) and closes whatever is left. */
    finish: async ({
      url,
      targets,
      floor,
    }: {
      url: string;
      targets: CallTarget[];
      floor: boolean;
    }) => {
      const base = new URL(url);
      const allEnded = new Promise<void>((resolve) => {
        onEnded = () => ended === streams.length && resolve();
        onEnded();
      });
      if (!floor) {
        for (const target of targets)
          await post(
            base,
            callbackPath(target, 'completed', floor),
            statusCallbackBody(target, 'completed'),
          );
        await Promise.race([allEnded, new Promise((r) => setTimeout(r, 15_000))]);
      }
      const endedByServer = ended;
      for (const s of streams) if (!s.ended) s.req.destroy();
      return { endedByServer, streams: streams.length };
    },
  },
);
