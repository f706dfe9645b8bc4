// Generators of hostile input: requests, bodies, headers, StatusCallbacks, phone numbers.
import fc from 'fast-check';

/** Methods `Request` accepts (it refuses CONNECT, TRACE and TRACK itself). */
export const methodArb = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
  fc
    .stringMatching(/^[A-Za-z][A-Za-z-]{0,11}$/)
    .filter((m) => !['CONNECT', 'TRACE', 'TRACK'].includes(m.toUpperCase())),
);

/** A header value `Headers` accepts: visible Latin-1 and spaces, no CR, LF or NUL. */
export const headerValueArb = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).map((s) => s.replace(/[\r\n\0]/g, '')),
  fc
    .string({ unit: 'binary', maxLength: 40 })
    .map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, ''))
    .map((s) => s.trim()),
);

export const headerNameArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);

export const contentTypeArb = fc.oneof(
  fc.constantFrom(
    'application/json',
    'APPLICATION/JSON',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'application/problem+json',
    'text/plain',
    'text/html',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=xyz',
    'multipart/form-data; boundary=',
    'application/octet-stream',
    'application/json;;;',
    ';',
    '',
  ),
  headerValueArb,
);

export const originArb = fc.oneof(
  fc.constantFrom(
    'https://shop.example.com',
    'https://shop.example.com/',
    'http://shop.example.com',
    'https://shop.example.com:443',
    'https://SHOP.example.com',
    'https://shop.example.com.evil.test',
    'https://evil.test',
    'null',
    '',
  ),
  headerValueArb,
);

export const idempotencyKeyArb = fc.oneof(
  fc.uuid(),
  fc.stringMatching(/^[\x21-\x7e]{0,300}$/),
  headerValueArb,
);

/** Headers a hostile or broken client might send, in any combination. */
export const headersArb = fc
  .record(
    {
      'content-type': contentTypeArb,
      origin: originArb,
      'idempotency-key': idempotencyKeyArb,
      'last-event-id': fc.oneof(fc.nat().map(String), headerValueArb),
      'x-forwarded-for': headerValueArb,
      'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'deflate, gzip'),
      'access-control-request-method': fc.constantFrom('POST', 'GET', 'DELETE'),
      'access-control-request-headers': headerValueArb,
      accept: headerValueArb,
    },
    { requiredKeys: [] },
  )
  .chain((known) =>
    fc
      .dictionary(headerNameArb, headerValueArb, { maxKeys: 4 })
      .map((extra) => ({ ...extra, ...known })),
  );

/** A phone-ish string: the values the create body's `phone` is fuzzed with. */
export const phoneTextArb = fc.oneof(
  fc.constant('+919812345678'),
  fc.stringMatching(/^\+?[0-9 ()-]{0,24}$/),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const jsonScalarArb = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** Text for lead answers and campaign tags: plain, unicode, controls, bidi overrides, huge. */
export const leadTextArb = fc.oneof(
  fc.constantFrom('Asha', 'billing', 'sales', '  ', '', 'line 1\nline 2', 'a\u202Eb', 'x\u0000y'),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer({ min: 150, max: 2500 }).map((n) => 'x'.repeat(n)),
);

/** `fields` of a create: known and unknown ids, wrong types. */
export const leadFieldsArb = fc.oneof(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom('name', 'reason', 'note', 'Name', '__proto__'),
      fc.string({ maxLength: 12 }),
    ),
    fc.oneof({ weight: 4, arbitrary: leadTextArb }, jsonScalarArb),
    { maxKeys: 4 },
  ),
  jsonScalarArb,
);

/** `context` of a create: real-looking, hostile and mis-shaped. */
export const leadContextArb = fc.oneof(
  fc.record(
    {
      pageUrl: fc.oneof(
        fc.webUrl(),
        fc.constantFrom('javascript:alert(1)', 'https://shop.example.com/p\nX-Evil: 1'),
        leadTextArb,
      ),
      referrer: fc.oneof(fc.webUrl(), leadTextArb, jsonScalarArb),
      utm: fc.oneof(
        fc.dictionary(
          fc.constantFrom('source', 'medium', 'campaign', 'term', 'content', 'id'),
          leadTextArb,
          { maxKeys: 3 },
        ),
        jsonScalarArb,
      ),
      gclid: fc.oneof(leadTextArb, jsonScalarArb),
    },
    { requiredKeys: [] },
  ),
  jsonScalarArb,
);

/**
 * `scheduledFor` of a create: slot starts of the `slots` widget (every half hour after
 * the suites' T0), near misses, other spellings, and garbage.
 */
export const scheduledForArb = fc.oneof(
  fc
    .integer({ min: -4, max: 400 })
    .map((n) => new Date(Date.UTC(2026, 10, 27, 5, 0) + n * 1_800_000).toISOString()),
  fc
    .integer({ min: -100_000_000, max: 1_000_000_000 })
    .map((n) => new Date(Date.UTC(2026, 10, 27, 5, 0) + n).toISOString()),
  fc.constantFrom(
    '2026-11-27T05:30:00Z',
    '2026-11-27T11:00:00+05:30',
    '2026-11-27 05:30:00',
    '2026-13-40T99:99:99Z',
    '+275760-09-13T00:00:00.000Z',
    'tomorrow',
    '',
  ),
  fc.string({ maxLength: 60 }),
  jsonScalarArb,
);

/** Bodies shaped like a create request, with wrong, missing and extra fields. */
export const createBodyArb = fc
  .record(
    {
      widgetId: fc.oneof(
        fc.constantFrom('support', 'lead', 'slots', 'SUPPORT', 'support ', '../support', ''),
        fc.string({ maxLength: 80 }),
        jsonScalarArb,
      ),
      phone: fc.oneof(phoneTextArb, jsonScalarArb, fc.array(fc.string(), { maxLength: 2 })),
      country: fc.oneof(fc.constantFrom('IN', 'in', 'GB', 'XX', 'IND', ''), jsonScalarArb),
      verificationToken: fc.oneof(fc.string({ maxLength: 5000 }), jsonScalarArb),
      fields: leadFieldsArb,
      consent: fc.oneof(fc.boolean(), jsonScalarArb),
      context: leadContextArb,
      scheduledFor: scheduledForArb,
    },
    { requiredKeys: [] },
  )
  .chain((known) =>
    fc
      .dictionary(
        fc.oneof(
          fc.constantFrom(
            'from',
            'callerId',
            'statusCallback',
            'timeLimit',
            'record',
            '__proto__',
            'constructor',
          ),
          fc.string({ maxLength: 12 }),
        ),
        fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 2 },
      )
      .map((extra) => ({ ...extra, ...known })),
  );

const encoder = new TextEncoder();

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[i * 2] = code & 0xff;
    bytes[i * 2 + 1] = code >> 8;
  }
  return bytes;
}

/** Any body: JSON of any shape and encoding, text, bytes, sizes up to a few times the caps. */
export const bodyArb: fc.Arbitrary<Uint8Array | string | null> = fc.oneof(
  { weight: 3, arbitrary: createBodyArb.map((b) => JSON.stringify(b)) },
  createBodyArb.map((b) => utf16le(JSON.stringify(b))),
  createBodyArb.map((b) => `\ufeff${JSON.stringify(b)}`),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 4096 }),
  fc.integer({ min: 1, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  // Around and far over the 8 KiB create cap and the 64 KiB callback cap.
  fc
    .integer({ min: 8000, max: 140_000 })
    .map((n) => `{"widgetId":"support","phone":"${'9'.repeat(n)}"}`),
  fc.constant(null),
);

// --- StatusCallbacks ------------------------------------------------------------------

const STATUSES = [
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'failed',
  'busy',
  'no-answer',
  'canceled',
];

const exotelDateArb = fc.oneof(
  fc.constantFrom('2026-11-27 10:30:00', '2026-02-30 10:00:00', '2026-11-27T10:30:00+05:30', ''),
  fc.string({ maxLength: 25 }),
  fc.constant(null),
);

const legArb = fc.oneof(
  fc.record(
    {
      Status: fc.oneof(
        fc.constantFrom(...STATUSES, ''),
        fc.string({ maxLength: 12 }),
        jsonScalarArb,
      ),
      OnCallDuration: fc.oneof(
        fc.nat().map(String),
        fc.nat(),
        fc.string({ maxLength: 6 }),
        jsonScalarArb,
      ),
      AnsweredBy: fc.oneof(fc.constantFrom('human', 'machine', ''), jsonScalarArb),
    },
    { requiredKeys: [] },
  ),
  jsonScalarArb,
);

/** StatusCallback fields, from faithful to nonsense. `sid`/`callId` let a test aim it at a real call. */
export function callbackFieldsArb(sid: string, callId: string) {
  return fc.record(
    {
      CallSid: fc.oneof(fc.constant(sid), fc.stringMatching(/^[0-9a-f]{32}$/), jsonScalarArb),
      EventType: fc.oneof(fc.constantFrom('answered', 'terminal', 'ringing', ''), jsonScalarArb),
      Status: fc.oneof(fc.constantFrom(...STATUSES), fc.string({ maxLength: 12 }), jsonScalarArb),
      DateCreated: exotelDateArb,
      DateUpdated: exotelDateArb,
      StartTime: exotelDateArb,
      EndTime: exotelDateArb,
      To: fc.oneof(fc.constant('09812345678'), jsonScalarArb),
      From: fc.oneof(fc.constant('09000000000'), jsonScalarArb),
      ConversationDuration: fc.oneof(
        fc.nat({ max: 100_000 }),
        fc.string({ maxLength: 12 }),
        jsonScalarArb,
      ),
      RecordingUrl: fc.oneof(fc.webUrl(), jsonScalarArb),
      CustomField: fc.oneof(fc.constant(callId), fc.string({ maxLength: 140 }), jsonScalarArb),
      Legs: fc.oneof(fc.array(legArb, { maxLength: 10 }), jsonScalarArb),
      Extra: fc.string({ maxLength: 20 }),
    },
    { requiredKeys: [] },
  );
}

/** One callback body in one of the encodings Exotel (or an impostor) might use. */
export interface EncodedCallback {
  contentType: string;
  body: Uint8Array;
}

function formEntries(fields: Record<string, unknown>): [string, string][] {
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'Legs' && Array.isArray(value)) {
      value.forEach((leg, index) => {
        if (leg && typeof leg === 'object')
          for (const [k, v] of Object.entries(leg))
            entries.push([`Legs[${index}][${k}]`, String(v)]);
        else entries.push([`Legs[${index}]`, String(leg)]);
      });
    } else entries.push([key, value === null ? '' : String(value)]);
  }
  return entries;
}

export function encodeCallback(
  fields: Record<string, unknown>,
  encoding: 'json' | 'multipart' | 'urlencoded',
  boundary = 'hardening-boundary-7d1f',
): EncodedCallback {
  if (encoding === 'json')
    return { contentType: 'application/json', body: encoder.encode(JSON.stringify(fields)) };
  const entries = formEntries(fields);
  if (encoding === 'urlencoded')
    return {
      contentType: 'application/x-www-form-urlencoded',
      body: encoder.encode(new URLSearchParams(entries).toString()),
    };
  const parts = entries.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${value}\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: encoder.encode(`${parts.join('')}--${boundary}--\r\n`),
  };
}

/** Callback bodies: encoded field sets, raw garbage, broken multipart, wrong media types. */
export function callbackBodyArb(sid: string, callId: string): fc.Arbitrary<EncodedCallback> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(callbackFieldsArb(sid, callId), fc.constantFrom('json', 'multipart', 'urlencoded'))
        .map(([fields, encoding]) =>
          encodeCallback(fields as Record<string, unknown>, encoding as 'json'),
        ),
    },
    fc
      .tuple(
        contentTypeArb,
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }),
          fc.string().map((s) => encoder.encode(s)),
        ),
      )
      .map(([contentType, body]) => ({ contentType, body })),
    fc
      .tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 300 }))
      .map(([boundary, raw]) => ({
        contentType: `multipart/form-data; boundary=${boundary.replace(/[\r\n]/g, '')}`,
        body: encoder.encode(`--${boundary}\r\n${raw}`),
      })),
    fc.integer({ min: 60_000, max: 200_000 }).map((n) => ({
      contentType: 'application/json',
      body: encoder.encode(`{"CallSid":"${'a'.repeat(n)}"}`),
    })),
  );
}

// --- Phone numbers ----------------------------------------------------------------------

/** Zero of each decimal digit block a visitor's keyboard might produce. */
export const DIGIT_ZEROS = {
  ascii: 0x30,
  fullwidth: 0xff10,
  arabicIndic: 0x660,
  extendedArabicIndic: 0x6f0,
  devanagari: 0x966,
  bengali: 0x9e6,
} as const;

/** The ASCII digits a string spells in any of the blocks above (other characters dropped). */
export function asciiDigits(text: string): string {
  let out = '';
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    for (const zero of Object.values(DIGIT_ZEROS))
      if (cp >= zero && cp <= zero + 9) out += String(cp - zero);
  }
  return out;
}

const separatorArb = fc.constantFrom('', '', '', ' ', '-', '.', '\u00a0', '\u200b', '\u2011', ')');

/** Digits written in one block (mostly ASCII) or a mix of blocks, with random separators. */
function spell(digits: string) {
  const zeros = Object.values(DIGIT_ZEROS);
  const n = digits.length;
  const blocks = fc.oneof(
    { weight: 4, arbitrary: fc.constant(DIGIT_ZEROS.ascii).map((z) => Array<number>(n).fill(z)) },
    { weight: 3, arbitrary: fc.constantFrom(...zeros).map((z) => Array<number>(n).fill(z)) },
    fc.array(fc.constantFrom(...zeros), { minLength: n, maxLength: n }),
  );
  return fc
    .tuple(blocks, fc.array(separatorArb, { minLength: n, maxLength: n }))
    .map(([zs, seps]) =>
      [...digits].map((d, i) => String.fromCodePoint(zs[i]! + Number(d)) + seps[i]).join(''),
    );
}

/** A phone input and what it must lead to. */
export interface PhoneCase {
  kind: 'indian-mobile' | 'premium' | 'too-long' | 'empty' | 'look-alike' | 'random';
  text: string;
  /** For `indian-mobile`: the 10 national digits. */
  national?: string;
}

const prefixArb = fc.constantFrom('+91', '+91 ', '0', '91', '＋91', '+९१', '');

const indianMobileArb: fc.Arbitrary<PhoneCase> = fc
  .tuple(fc.constantFrom('6', '7', '8', '9'), fc.stringMatching(/^[0-9]{9}$/), prefixArb)
  .chain(([first, rest, prefix]) =>
    spell(first + rest).map((spelled) => ({
      kind: 'indian-mobile' as const,
      text: prefix + spelled,
      national: first + rest,
    })),
  );

/**
 * Premium-rate, shared-cost and other paid ranges of several countries (libphonenumber
 * "max" metadata): none may ever be dialled by a default widget.
 */
export const PAID_RANGES = [
  '+44 909', // GB premium
  '+44 871', // GB shared cost
  '+1 900', // US premium
  '+49 900 1', // DE premium
  '+33 8 99', // FR premium
  '+61 1900', // AU premium
  '+39 899', // IT premium
  '+34 803', // ES premium
  '+41 900', // CH premium
  '+43 900', // AT premium
  '+32 902', // BE premium
  '+31 900', // NL premium
  '+81 990', // JP premium
  '+91 1860', // IN UAN / shared cost
  '+91 1800', // IN toll-free
];

const premiumArb: fc.Arbitrary<PhoneCase> = fc
  .tuple(fc.constantFrom(...PAID_RANGES), fc.stringMatching(/^[0-9]{5,8}$/))
  .map(([range, rest]) => ({ kind: 'premium' as const, text: `${range} ${rest}` }));

const tooLongArb: fc.Arbitrary<PhoneCase> = fc
  .stringMatching(/^[0-9]{16,31}$/)
  .map((d) => ({ kind: 'too-long' as const, text: `+${d}` }));

const emptyArb: fc.Arbitrary<PhoneCase> = fc
  .constantFrom('', ' ', '   ', '\t', '\u00a0', '+', '-', '()', '\u200b')
  .map((text) => ({ kind: 'empty' as const, text }));

/** Letters that look like digits (O for 0, l and I for 1, S for 5, B for 8) in a mobile number. */
const lookAlikeArb: fc.Arbitrary<PhoneCase> = fc
  .tuple(
    fc.stringMatching(/^[6-9][0-9]{9}$/),
    fc.nat({ max: 9 }),
    fc.constantFrom('O', 'o', 'l', 'I', 'S', 'B', 'Ο', 'О', 'ǀ'),
  )
  .map(([digits, at, letter]) => ({
    kind: 'look-alike' as const,
    text: `+91${digits.slice(0, at)}${letter}${digits.slice(at + 1)}`,
  }));

const randomArb: fc.Arbitrary<PhoneCase> = fc
  .oneof(fc.string({ maxLength: 32 }), fc.string({ unit: 'grapheme', maxLength: 16 }))
  .map((text) => ({ kind: 'random' as const, text }));

export const phoneCaseArb: fc.Arbitrary<PhoneCase> = fc.oneof(
  { weight: 3, arbitrary: indianMobileArb },
  { weight: 3, arbitrary: premiumArb },
  tooLongArb,
  emptyArb,
  { weight: 2, arbitrary: lookAlikeArb },
  { weight: 2, arbitrary: randomArb },
);
