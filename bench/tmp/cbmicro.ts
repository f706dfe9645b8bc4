import { createServer } from 'node:http';
import { serveExotelSimulator } from '@ringback/exotel-sim/node';
import { createMemoryStore, createRingbackServer } from '@ringback/server';
import { createNodeListener } from '@ringback/server/node';
import { benchWidgets, CLOCK_SPEED } from '../src/children/ringback.js';
import { MULTIPART_TYPE, statusCallbackBody, type CallTarget } from '../src/lib/callbackBody.js';
import { ORIGIN, SECRET, SIM_CREDENTIALS, WIDGET_ID, indianMobile } from '../src/lib/fixtures.js';

const served = await serveExotelSimulator({ ...SIM_CREDENTIALS, port: 0, host: '127.0.0.1', clock: 'manual', rateLimitPerMinute: Number.POSITIVE_INFINITY, seed: 1, onError: () => {} });
const wallStart = Date.now(); const mono = performance.now();
const now = () => Math.floor(wallStart + (performance.now() - mono) * CLOCK_SPEED);
const server = createRingbackServer({ exotel: { ...SIM_CREDENTIALS, baseUrl: served.url, timeoutSeconds: 10, statusCallbackContentType: 'multipart/form-data' }, secret: SECRET, publicBaseUrl: 'http://127.0.0.1:1', store: createMemoryStore(), widgets: benchWidgets(), globalLimit: { limit: 200, windowSeconds: 60 }, now, reconcileIntervalMs: 0 } as any);
await server.ready();
const N = Number(process.argv[2] ?? 3000);
async function place(offset: number) {
  for (let n = offset; n < offset + N; n++) {
    const r = await server.fetch(new Request('http://127.0.0.1/v1/calls', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, 'idempotency-key': `key-abcdef-${n}` }, body: JSON.stringify({ widgetId: WIDGET_ID, phone: indianMobile(n) }) }), { clientIp: '127.0.0.1' });
    if (r.status !== 202) throw new Error(String(r.status) + (await r.text()));
  }
  return served.sim.calls().slice(-N).map((call: any) => { const u = new URL(call.params.statusCallback); return { callId: call.params.customField, sid: call.sid, callbackPath: u.pathname + u.search, to: `+91${call.params.to.slice(-10)}` } as CallTarget; });
}
const steps = ['agent-answered', 'visitor-answered', 'completed'] as const;
// in-process
for (let round = 0; round < 3; round++) {
  const targets = await place(round * N);
  const c0 = process.cpuUsage();
  for (const step of steps) await Promise.all(targets.map(async (t) => { const r = await server.fetch(new Request(`http://127.0.0.1${t.callbackPath}`, { method: 'POST', headers: { 'content-type': MULTIPART_TYPE }, body: statusCallbackBody(t, step) }), { clientIp: '127.0.0.1' }); if (r.status !== 200) throw new Error(`cb ${r.status}`); await r.text(); }));
  const c = process.cpuUsage(c0);
  console.log(`in-process: ${((c.user + c.system) / (3 * N)).toFixed(0)} µs CPU per callback`);
}
process.exit(0);
