// Every StatusCallback shape spec/exotel.yaml shows must be one the parser reads:
// the examples are validated against their schema, sent in their encoding, and
// parsed without a refusal.
import { readFileSync } from 'node:fs';
import { parseStatusCallback } from '@ringback/exotel';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectSchema } from './conformance.js';

interface MediaType {
  schema: { $ref: string };
  examples?: Record<string, { value: Record<string, unknown> }>;
}
const spec = parse(readFileSync(new URL('../../../spec/exotel.yaml', import.meta.url), 'utf8')) as {
  webhooks: { statusCallback: { post: { requestBody: { content: Record<string, MediaType> } } } };
};
const content = spec.webhooks.statusCallback.post.requestBody.content;
const examples = Object.entries(content).flatMap(([mediaType, entry]) =>
  Object.entries(entry.examples ?? {}).map(([name, { value }]) => ({
    name: `${mediaType} ${name}`,
    mediaType,
    schema: entry.schema.$ref.split('/').pop()!,
    value,
  })),
);

function encode(mediaType: string, value: Record<string, unknown>): Request {
  const url = 'https://shop.example.com/cb';
  if (mediaType === 'application/json') {
    return new Request(url, {
      method: 'POST',
      headers: { 'content-type': mediaType },
      body: JSON.stringify(value),
    });
  }
  const form = new FormData();
  for (const [key, field] of Object.entries(value)) form.append(key, String(field));
  return new Request(url, { method: 'POST', body: form });
}

describe('the StatusCallback examples in spec/exotel.yaml', () => {
  it('cover every encoding with a body shape', () => {
    expect(examples.map((e) => e.name)).toEqual([
      'multipart/form-data terminal',
      'multipart/form-data tolerated',
      'application/json answered',
      'application/json laterEvent',
    ]);
  });

  it.each(examples)('$name matches its schema and parses', async ({ mediaType, schema, value }) => {
    expectSchema(schema, value);
    const event = await parseStatusCallback(encode(mediaType, value));
    expect(event.callSid).toBe(value.CallSid);
    expect(event.rawEventType).toBe(value.EventType);
  });

  it('reads the tolerated shapes as documented', async () => {
    const { value } = examples.find((e) => e.name.endsWith('tolerated'))!;
    const event = await parseStatusCallback(encode('multipart/form-data', value));
    expect(event).toMatchObject({
      eventType: 'terminal',
      rawEventType: 'Terminal',
      status: 'failed',
      statusKnown: true,
      dateCreated: '2025-12-05T19:20:40+05:30',
      dateUpdated: '2025-12-05T19:21:01+05:30',
      startTime: '2025-12-05T13:50:40Z',
      endTime: null,
      recordingUrl: null,
      customField: null,
      unrecognized: [],
    });
    expect(event.legs.map((leg) => leg.status)).toEqual(['completed', 'canceled']);
  });

  it('flags the later event type without refusing it', async () => {
    const { value } = examples.find((e) => e.name.endsWith('laterEvent'))!;
    const event = await parseStatusCallback(encode('application/json', value));
    expect(event).toMatchObject({
      eventType: null,
      rawEventType: 'Ringing',
      status: 'ringing',
      endTime: null,
      unrecognized: ['EventType'],
    });
  });
});
