// The README's Express and Fastify snippets are the files in examples/, word for word;
// here each runs over real loopback HTTP with callbacks as Exotel encodes them.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { StatusCallbackEvent } from '@ringback/exotel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallbackApp } from '../examples/expressStatusCallback.js';
import { createCallbackServer } from '../examples/fastifyStatusCallback.js';

const root = join(import.meta.dirname, '..');
const readmeBlocks = [
  ...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g),
].map((match) => match[1]);

const SID = 'b6cfaf7a4dc7fd5fa3c6e0e0a9bf162m';
const fields = {
  CallSid: SID,
  EventType: 'terminal',
  Status: 'completed',
  DateCreated: '2026-11-27 19:12:04',
  DateUpdated: '2026-11-27 19:12:58',
  ConversationDuration: '41',
  RecordingUrl: '',
  CustomField: 'call_7f3a9c',
};
const legs = [
  { Status: 'completed', OnCallDuration: '54', AnsweredBy: 'NA' },
  { Status: 'completed', OnCallDuration: '41', AnsweredBy: 'human' },
];
const expected = {
  callSid: SID,
  eventType: 'terminal',
  status: 'completed',
  statusKnown: true,
  dateCreated: '2026-11-27T19:12:04+05:30',
  dateUpdated: '2026-11-27T19:12:58+05:30',
  conversationDuration: 41,
  recordingUrl: null,
  customField: 'call_7f3a9c',
  legs: [
    { status: 'completed', statusKnown: true, onCallDuration: 54, answeredBy: 'NA' },
    { status: 'completed', statusKnown: true, onCallDuration: 41, answeredBy: 'human' },
  ],
  unrecognized: [],
};

/** Exotel's default: multipart, with `Legs` flattened into bracketed keys. */
function multipart(): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  legs.forEach((leg, n) => {
    for (const [key, value] of Object.entries(leg)) form.append(`Legs[${n}][${key}]`, value);
  });
  return form;
}

const bodies: Record<string, () => RequestInit> = {
  'multipart/form-data': () => ({ body: multipart() }),
  'application/x-www-form-urlencoded': () => ({
    body: new URLSearchParams(multipart() as unknown as Record<string, string>),
  }),
  'application/json': () => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...fields, Legs: legs }),
  }),
};

describe.each([
  {
    name: 'Express 5',
    file: 'expressStatusCallback.ts',
    async start(onEvent: (event: StatusCallbackEvent) => Promise<void>) {
      const server: Server = createCallbackApp(onEvent).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}/exotel/status-callback`,
        close: () => new Promise((resolve) => server.close(resolve)),
      };
    },
  },
  {
    name: 'Fastify',
    file: 'fastifyStatusCallback.ts',
    async start(onEvent: (event: StatusCallbackEvent) => Promise<void>) {
      const fastify = createCallbackServer(onEvent);
      const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
      return { url: `${address}/exotel/status-callback`, close: () => fastify.close() };
    },
  },
])('the README’s $name StatusCallback route', ({ file, start }) => {
  const events: StatusCallbackEvent[] = [];
  let server: { url: string; close(): Promise<unknown> };
  beforeAll(async () => {
    server = await start(async (event) => {
      events.push(event);
    });
  });
  afterAll(() => server.close());

  const post = (init: RequestInit) => fetch(server.url, { method: 'POST', ...init });

  it('is the snippet in the README', () => {
    const source = readFileSync(join(root, 'examples', file), 'utf8');
    expect(readmeBlocks).toContain(source);
  });

  it.each(Object.keys(bodies))('reads a callback sent as %s', async (contentType) => {
    events.length = 0;
    const response = await post(bodies[contentType]!());
    expect(response.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject(expected);
  });

  it('answers 400 with the parser’s code to what is not a callback', async () => {
    events.length = 0;
    const wrongType = await post({ headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toEqual({ code: 'unsupported_media_type' });
    const noSid = await post({ body: new URLSearchParams({ Status: 'completed' }) });
    expect(await noSid.json()).toEqual({ code: 'missing_field' });
    const brokenJson = await post({ headers: { 'content-type': 'application/json' }, body: '{' });
    expect(await brokenJson.json()).toEqual({ code: 'malformed_body' });
    expect(events).toHaveLength(0);
  });

  it('refuses a body over 64 KiB before parsing it', async () => {
    const response = await post({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...fields, Padding: 'x'.repeat(70_000) }),
    });
    expect(response.status).toBe(413);
  });
});
