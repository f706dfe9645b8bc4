import { describe, expect, it } from 'vitest';
import {
  parseStatusCallback,
  parseStatusCallbackBody,
  type StatusCallbackEvent,
} from './parseStatusCallback.js';
import { StatusCallbackError } from './StatusCallbackError.js';

const URL_ = 'https://shop.example.com/v1/exotel/status-callback?token=t';
const SID = 'b6cfaf7a4dc7fd5fa3c6e0e0a9bf187x';

/** Exotel's multipart callback, bracketed Legs keys and all, as a real multipart body. */
function multipart(fields: Record<string, string>): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return new Request(URL_, { method: 'POST', body: form });
}

function urlencoded(fields: Record<string, string>): Request {
  return new Request(URL_, { method: 'POST', body: new URLSearchParams(fields) });
}

function json(body: unknown): Request {
  return new Request(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const common = {
  CallSid: SID,
  DateCreated: '2026-11-27 19:12:04',
  To: '09812345678',
  From: '09876543210',
  PhoneNumberSid: '08047112400',
  StartTime: '2026-11-27 19:12:04',
  Direction: 'outbound-api',
};

// The sequence Exotel sends with StatusCallbackEvents = terminal + answered.
const answeredLeg1 = {
  ...common,
  EventType: 'answered',
  Status: 'in-progress',
  DateUpdated: '2026-11-27 19:12:09',
  EndTime: '',
  ConversationDuration: '0',
  RecordingUrl: '',
  'Legs[0][Status]': 'in-progress',
  'Legs[0][OnCallDuration]': '0',
  'Legs[1][Status]': '',
  'Legs[1][OnCallDuration]': '0',
};
const answeredLeg2 = {
  ...answeredLeg1,
  DateUpdated: '2026-11-27 19:12:17',
  'Legs[1][Status]': 'in-progress',
};
const terminal = {
  ...common,
  EventType: 'terminal',
  Status: 'completed',
  DateUpdated: '2026-11-27 19:12:58',
  EndTime: '2026-11-27 19:12:58',
  ConversationDuration: '41',
  RecordingUrl: 'https://recordings.exotel.com/acme1/b6cf.mp3',
  CustomField: 'call_7f3a9c',
  'Legs[0][Status]': 'completed',
  'Legs[0][OnCallDuration]': '54',
  'Legs[1][Status]': 'completed',
  'Legs[1][OnCallDuration]': '41',
};

const expectedTerminal: StatusCallbackEvent = {
  callSid: SID,
  eventType: 'terminal',
  rawEventType: 'terminal',
  status: 'completed',
  statusKnown: true,
  dateCreated: '2026-11-27T19:12:04+05:30',
  dateUpdated: '2026-11-27T19:12:58+05:30',
  startTime: '2026-11-27T19:12:04+05:30',
  endTime: '2026-11-27T19:12:58+05:30',
  to: '09812345678',
  from: '09876543210',
  phoneNumberSid: '08047112400',
  direction: 'outbound-api',
  conversationDuration: 41,
  recordingUrl: 'https://recordings.exotel.com/acme1/b6cf.mp3',
  customField: 'call_7f3a9c',
  legs: [
    { status: 'completed', statusKnown: true, onCallDuration: 54, answeredBy: null },
    { status: 'completed', statusKnown: true, onCallDuration: 41, answeredBy: null },
  ],
  unrecognized: [],
  raw: {},
};

/** The JSON variant of a flat form: a real Legs array and numbers where Exotel sends them. */
function asJson(fields: Record<string, string>) {
  const out: Record<string, unknown> = {};
  const legs: Record<string, unknown>[] = [{}, {}];
  for (const [key, value] of Object.entries(fields)) {
    const leg = /^Legs\[(\d)\]\[(\w+)\]$/.exec(key);
    if (leg) legs[Number(leg[1])]![leg[2]!] = leg[2] === 'OnCallDuration' ? Number(value) : value;
    else out[key] = value === '' ? null : key === 'ConversationDuration' ? Number(value) : value;
  }
  return { ...out, Legs: legs };
}

describe.each([
  ['multipart/form-data', multipart],
  ['application/x-www-form-urlencoded', urlencoded],
  ['application/json', (fields: Record<string, string>) => json(asJson(fields))],
])('parseStatusCallback (%s)', (_, encode) => {
  it('answered leg 1, answered leg 2, terminal', async () => {
    const first = await parseStatusCallback(encode(answeredLeg1));
    expect(first).toMatchObject({
      eventType: 'answered',
      status: 'in-progress',
      endTime: null,
      recordingUrl: null,
      conversationDuration: 0,
      legs: [
        { status: 'in-progress', onCallDuration: 0 },
        { status: null, onCallDuration: 0 },
      ],
    });
    const second = await parseStatusCallback(encode(answeredLeg2));
    expect(second.legs.map((leg) => leg.status)).toEqual(['in-progress', 'in-progress']);
    expect(second.dateUpdated).toBe('2026-11-27T19:12:17+05:30');
    expect(await parseStatusCallback(encode(terminal))).toEqual(expectedTerminal);
  });

  it('a failing leg ends the call with its status', async () => {
    const event = await parseStatusCallback(
      encode({
        ...terminal,
        Status: 'no-answer',
        ConversationDuration: '0',
        'Legs[0][Status]': 'completed',
        'Legs[1][Status]': 'no-answer',
        'Legs[1][OnCallDuration]': '0',
      }),
    );
    expect(event.status).toBe('no-answer');
    expect(event.legs[1]).toEqual({
      status: 'no-answer',
      statusKnown: true,
      onCallDuration: 0,
      answeredBy: null,
    });
  });
});

describe('parseStatusCallback details', () => {
  it('reads the base fields sent without StatusCallbackEvents', async () => {
    const event = await parseStatusCallback(
      multipart({
        CallSid: SID,
        Status: 'busy',
        DateUpdated: '2026-11-27 19:13:00',
        RecordingUrl: '',
      }),
    );
    expect(event).toEqual({
      callSid: SID,
      eventType: null,
      rawEventType: null,
      status: 'busy',
      statusKnown: true,
      dateCreated: null,
      dateUpdated: '2026-11-27T19:13:00+05:30',
      startTime: null,
      endTime: null,
      to: null,
      from: null,
      phoneNumberSid: null,
      direction: null,
      conversationDuration: null,
      recordingUrl: null,
      customField: null,
      legs: [],
      unrecognized: [],
      raw: {},
    });
  });

  it('keeps unknown fields in raw and reads AnsweredBy in either casing', async () => {
    const event = await parseStatusCallback(
      json({
        ...asJson(terminal),
        Legs: [
          { Status: 'completed', OnCallDuration: 54, AnsweredBy: 'human' },
          { Status: 'completed', OnCallDuration: '41', answeredBy: 'machine' },
        ],
        PreSignedRecordingUrl: 'https://signed.example/x',
        Extra: { nested: true },
      }),
    );
    expect(event.legs.map((leg) => leg.answeredBy)).toEqual(['human', 'machine']);
    expect(event.raw).toEqual({
      PreSignedRecordingUrl: 'https://signed.example/x',
      Extra: { nested: true },
    });
  });

  it('applies a configured UTC offset and passes dates with a zone through', async () => {
    const event = await parseStatusCallback(
      urlencoded({
        CallSid: SID,
        Status: 'completed',
        DateUpdated: '2026-11-27 19:12:58',
        EndTime: '2026-11-27T13:42:58Z',
      }),
      { utcOffset: '+08:00' },
    );
    expect(event.dateUpdated).toBe('2026-11-27T19:12:58+08:00');
    expect(event.endTime).toBe('2026-11-27T13:42:58Z');
  });

  it('the body variant takes a content type and raw text or bytes', async () => {
    const text = new URLSearchParams(terminal).toString();
    const type = 'application/x-www-form-urlencoded; charset=utf-8';
    expect(await parseStatusCallbackBody(type, text)).toEqual(expectedTerminal);
    expect(await parseStatusCallbackBody(type, new TextEncoder().encode(text))).toEqual(
      expectedTerminal,
    );
  });
});

describe('values the parser does not know are read, not refused', () => {
  it.each([
    ['Answered', 'answered'],
    ['Terminal', 'terminal'],
    ['TERMINAL', 'terminal'],
    [' answered ', 'answered'],
  ] as const)('EventType %j is %s', async (sent, eventType) => {
    const event = await parseStatusCallback(multipart({ ...terminal, EventType: sent }));
    expect(event).toMatchObject({ eventType, rawEventType: sent.trim(), unrecognized: [] });
  });

  it.each([
    ['multipart', () => multipart({ ...terminal, EventType: 'Ringing' })],
    ['JSON', () => json({ ...asJson(terminal), EventType: 'Ringing' })],
  ])('an unknown EventType (%s) is null, kept in rawEventType and listed', async (_, request) => {
    const event = await parseStatusCallback(request());
    expect(event).toMatchObject({
      eventType: null,
      rawEventType: 'Ringing',
      status: 'completed',
      statusKnown: true,
      customField: 'call_7f3a9c',
      unrecognized: ['EventType'],
    });
    expect(event.legs).toHaveLength(2);
  });

  it('an unknown Status is kept as sent, flagged and listed; the rest is read', async () => {
    // Exotel's applet callbacks: Status busy/free, EventType " Dial" with a stray space.
    const event = await parseStatusCallback(
      urlencoded({
        CallSid: SID,
        Status: 'free',
        EventType: ' Dial',
        DateUpdated: '2026-11-27 19:13:00',
        From: '09876543210',
      }),
    );
    expect(event).toMatchObject({
      callSid: SID,
      status: 'free',
      statusKnown: false,
      eventType: null,
      rawEventType: 'Dial',
      dateUpdated: '2026-11-27T19:13:00+05:30',
      from: '09876543210',
      unrecognized: ['EventType', 'Status'],
    });
  });

  it('a known Status in another case is the known value', async () => {
    const event = await parseStatusCallback(json({ CallSid: SID, Status: 'No-Answer' }));
    expect(event).toMatchObject({ status: 'no-answer', statusKnown: true, unrecognized: [] });
  });

  it('an unknown leg status is kept on that leg and listed', async () => {
    const event = await parseStatusCallback(
      multipart({ ...terminal, 'Legs[1][Status]': 'voicemail', 'Legs[0][Status]': 'Completed' }),
    );
    expect(event.legs.map(({ status, statusKnown }) => [status, statusKnown])).toEqual([
      ['completed', true],
      ['voicemail', false],
    ]);
    expect(event.unrecognized).toEqual(['Legs[1][Status]']);
  });

  it('narrows status by statusKnown', async () => {
    const event = await parseStatusCallback(multipart({ CallSid: SID, Status: 'exploded' }));
    if (event.statusKnown) throw new Error('expected an unknown status');
    expect(event.status).toBe('exploded');
    expect(event.unrecognized).toEqual(['Status']);
  });
});

describe('dates', () => {
  const endTime = async (EndTime: string) =>
    (await parseStatusCallback(json({ CallSid: SID, Status: 'completed', EndTime }))).endTime;

  it.each([
    ['2025-12-05 19:21:01', '2025-12-05T19:21:01+05:30'],
    ['2025-12-05 19:21:01+05:30', '2025-12-05T19:21:01+05:30'],
    ['2025-12-05 19:21:01+0530', '2025-12-05T19:21:01+05:30'],
    ['2025-12-05 13:51:01Z', '2025-12-05T13:51:01Z'],
    ['2025-12-05 08:51:01-0500', '2025-12-05T08:51:01-05:00'],
    ['2025-12-05T13:51:01.250Z', '2025-12-05T13:51:01.250Z'],
  ])('%s is %s', async (sent, iso) => {
    expect(await endTime(sent)).toBe(iso);
  });

  it.each([
    '1970-01-01 05:30:00',
    '1970-01-01 00:00:00',
    '1970-01-01 05:30:00+05:30',
    '1970-01-01 00:00:00Z',
    'null',
    'NULL',
    '',
  ])('%j means no time: null', async (sent) => {
    expect(await endTime(sent)).toBeNull();
  });

  it('the same in a form body', async () => {
    const event = await parseStatusCallback(
      multipart({
        ...terminal,
        StartTime: '2025-12-05 19:20:40+05:30',
        EndTime: '1970-01-01 05:30:00',
        DateUpdated: '2025-12-05 19:21:01+0530',
      }),
    );
    expect(event).toMatchObject({
      startTime: '2025-12-05T19:20:40+05:30',
      endTime: null,
      dateUpdated: '2025-12-05T19:21:01+05:30',
    });
  });
});

describe('the text "null" is null in any field, in any case', () => {
  const nulls = {
    EventType: 'Null',
    DateCreated: 'null',
    To: 'NULL',
    From: 'null',
    PhoneNumberSid: 'null',
    Direction: 'null',
    ConversationDuration: 'null',
    RecordingUrl: 'null',
    CustomField: 'nULL',
    'Legs[0][Status]': 'in-progress',
    'Legs[0][OnCallDuration]': 'null',
    'Legs[0][AnsweredBy]': 'null',
    'Legs[1][Status]': 'null',
  };
  const expected = {
    eventType: null,
    rawEventType: null,
    status: 'in-progress',
    statusKnown: true,
    dateCreated: null,
    to: null,
    from: null,
    phoneNumberSid: null,
    direction: null,
    conversationDuration: null,
    recordingUrl: null,
    customField: null,
    legs: [
      { status: 'in-progress', statusKnown: true, onCallDuration: null, answeredBy: null },
      { status: null, statusKnown: true, onCallDuration: null, answeredBy: null },
    ],
    unrecognized: [],
  };

  it.each([
    ['multipart', () => multipart({ CallSid: SID, Status: 'in-progress', ...nulls })],
    ['urlencoded', () => urlencoded({ CallSid: SID, Status: 'in-progress', ...nulls })],
  ])('%s', async (_, request) => {
    expect(await parseStatusCallback(request())).toMatchObject(expected);
  });

  it('JSON, Legs itself included', async () => {
    const event = await parseStatusCallback(
      json({
        CallSid: SID,
        Status: 'in-progress',
        EventType: 'Null',
        DateCreated: 'null',
        To: 'NULL',
        From: 'null',
        PhoneNumberSid: 'null',
        Direction: 'null',
        ConversationDuration: 'null',
        RecordingUrl: 'null',
        CustomField: 'nULL',
        Legs: 'null',
      }),
    );
    expect(event).toMatchObject({ ...expected, legs: [] });
  });
});

describe('bad input is a typed error', () => {
  const cases: Array<[string, () => Request, string, string?]> = [
    ['missing CallSid', () => multipart({ Status: 'completed' }), 'missing_field', 'CallSid'],
    [
      'empty CallSid',
      () => urlencoded({ CallSid: ' ', Status: 'completed' }),
      'missing_field',
      'CallSid',
    ],
    ['missing Status', () => multipart({ CallSid: SID }), 'missing_field', 'Status'],
    [
      'CallSid as the text null',
      () => multipart({ CallSid: 'null', Status: 'completed' }),
      'missing_field',
      'CallSid',
    ],
    [
      'Status as the text NULL',
      () => json({ CallSid: SID, Status: 'NULL' }),
      'missing_field',
      'Status',
    ],
    [
      'a date with an impossible offset',
      () => json({ CallSid: SID, Status: 'completed', EndTime: '2026-11-27 10:00:00+25:00' }),
      'invalid_field',
      'EndTime',
    ],
    [
      'EventType that is not text',
      () => json({ CallSid: SID, Status: 'completed', EventType: { answered: true } }),
      'invalid_field',
      'EventType',
    ],
    [
      'bad date',
      () => json({ CallSid: SID, Status: 'completed', EndTime: '2026-02-30 10:00:00' }),
      'invalid_field',
      'EndTime',
    ],
    [
      'negative duration',
      () => json({ CallSid: SID, Status: 'completed', ConversationDuration: -4 }),
      'invalid_field',
      'ConversationDuration',
    ],
    [
      'object where text belongs',
      () => json({ CallSid: { $ne: 1 }, Status: 'completed' }),
      'invalid_field',
      'CallSid',
    ],
    [
      'Legs not an array',
      () => json({ CallSid: SID, Status: 'completed', Legs: 'x' }),
      'invalid_field',
      'Legs',
    ],
    [
      'absurd leg index',
      () => multipart({ CallSid: SID, Status: 'completed', 'Legs[99][Status]': 'completed' }),
      'invalid_field',
      'Legs[99][Status]',
    ],
    ['JSON that is not an object', () => json([1, 2]), 'malformed_body'],
    [
      'broken JSON',
      () =>
        new Request(URL_, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"CallSid":',
        }),
      'malformed_body',
    ],
    [
      'malformed multipart',
      () =>
        new Request(URL_, {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
          body: '--xyz\r\nContent-Disposition: form-data; name="CallSid"\r\n\r\nabc\r\n--wrong--',
        }),
      'malformed_body',
    ],
    [
      'multipart without a boundary',
      () =>
        new Request(URL_, {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data' },
          body: 'CallSid=x',
        }),
      'malformed_body',
    ],
    [
      'a file upload',
      () => {
        const form = new FormData();
        form.append('CallSid', new Blob(['x']), 'x.txt');
        form.append('Status', 'completed');
        return new Request(URL_, { method: 'POST', body: form });
      },
      'invalid_field',
      'CallSid',
    ],
    [
      'no content type',
      () => new Request(URL_, { method: 'POST', body: new Uint8Array([1]) }),
      'unsupported_media_type',
    ],
    [
      'text/plain',
      () =>
        new Request(URL_, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'hi',
        }),
      'unsupported_media_type',
    ],
    [
      'a body over 64 KiB',
      () => urlencoded({ CallSid: SID, Status: 'completed', Junk: 'x'.repeat(70_000) }),
      'body_too_large',
    ],
    [
      'an oversized streamed body without Content-Length',
      () =>
        new Request(URL_, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: new ReadableStream({
            pull(controller) {
              controller.enqueue(new Uint8Array(16_384).fill(32));
            },
          }),
          duplex: 'half',
        } as RequestInit),
      'body_too_large',
    ],
    [
      'invalid UTF-8 in JSON',
      () =>
        new Request(URL_, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: new Uint8Array([0x7b, 0xff, 0x7d]),
        }),
      'malformed_body',
    ],
  ];

  it.each(cases)('%s', async (_, makeRequest, code, field) => {
    const error = await parseStatusCallback(makeRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatusCallbackError);
    expect(error).toMatchObject({ code, ...(field ? { field } : {}) });
    expect((error as Error).message.length).toBeGreaterThan(5);
  });

  it('a declared Content-Length over the cap is refused before reading', async () => {
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '999999' },
      body: '{}',
    });
    await expect(parseStatusCallback(request)).rejects.toMatchObject({ code: 'body_too_large' });
  });

  it('a bad utcOffset option is a programming error', async () => {
    await expect(
      parseStatusCallbackBody('application/json', '{}', { utcOffset: 'IST' }),
    ).rejects.toThrow(TypeError);
  });
});
