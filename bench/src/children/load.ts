// The load generator, in its own process: autocannon's programmatic API for throughput
// at a given concurrency, and a sequential client with microsecond timing for the
// latency a single request sees.
import http from 'node:http';
import autocannon from 'autocannon';
import { serveCommands } from '../lib/childProtocol.js';
import type { LoadOptions, LoadResult } from '../lib/load.js';
import { requestFactory } from '../lib/scenarios.js';
import { latencyPercentiles } from '../lib/stats.js';

async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const factory = requestFactory(options.scenario);
  let i = 0;
  const amount = options.amount ?? factory.count;
  const started = performance.now();
  let lastResponse = started;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    ...(amount !== undefined ? { amount } : { duration: options.durationS }),
    timeout: options.timeoutS ?? 10,
    requests: [
      {
        // Rebuilt for every request: a fresh key, number or callback each time.
        setupRequest: (req) => ({ ...req, ...factory.next(i++) }),
      },
    ],
  });
  // Without a callback autocannon returns its tracker (an EventEmitter) made thenable.
  (instance as unknown as import('node:events').EventEmitter).on('response', () => {
    lastResponse = performance.now();
  });
  const result = await instance;
  // autocannon's own duration is counted in whole seconds (a run bounded by count ends
  // on its next one-second tick): time from the start to the last response instead.
  const durationS = (lastResponse - started) / 1000;
  const total = result.requests.total;
  return {
    requests: total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS,
    rps: total / durationS,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    latencyResolutionMs: 1,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s?.count ?? 0]),
    ),
  };
}

/** One request at a time on one keep-alive connection, each timed with performance.now(). */
async function runSequential(options: LoadOptions): Promise<LoadResult> {
  const factory = requestFactory(options.scenario);
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const deadline = started + (options.durationS ?? 1) * 1000;
  for (let i = 0; performance.now() < deadline && (options.amount ?? Infinity) > i; i++) {
    const request = factory.next(i);
    const t0 = performance.now();
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: request.method,
            path: request.path,
            headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
            agent,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(request.body);
      });
      samples.push(performance.now() - t0);
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    } catch {
      errors++;
    }
  }
  agent.destroy();
  const durationS = (performance.now() - started) / 1000;
  const ok = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  return {
    requests: samples.length + errors,
    ok,
    non2xx: samples.length - ok,
    errors,
    timeouts: 0,
    durationS,
    rps: samples.length / durationS,
    latencyMs: latencyPercentiles(samples),
    latencyResolutionMs: 0.001,
    statusCodes,
  };
}

serveCommands(
  {},
  {
    run: (options: LoadOptions) =>
      options.mode === 'sequential' ? runSequential(options) : runAutocannon(options),
  },
);
