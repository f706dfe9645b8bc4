import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFormFast } from './readFormFast.js';

const B = 'ringback-boundary-42';
const MULTIPART = `multipart/form-data; boundary=${B}`;

function part(name: string, value: string, headers = ''): string {
  return `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n${headers}\r\n${value}\r\n`;
}

async function standard(contentType: string, body: string): Promise<[string, string][]> {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  return [...form].map(([k, v]) => [k, String(v)]);
}

function fast(contentType: string, body: string) {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return readFormFast(mediaType, contentType, new TextEncoder().encode(body));
}

describe('readFormFast', () => {
  const plain: [string, string, string][] = [
    [
      'Exotel multipart',
      MULTIPART,
      `${part('CallSid', 'abc')}${part('Status', 'completed')}${part('Legs[0][Status]', 'no-answer')}${part('Empty', '')}--${B}--\r\n`,
    ],
    [
      'a quoted boundary, text/plain parts, UTF-8 and CRLF in values, a lower-case header, no final CRLF',
      `multipart/form-data; boundary="${B}"`,
      `${part('Name', 'Zoë\r\nsecond line', 'Content-Type: text/plain; charset=utf-8\r\n')}${part('Same', '1')}--${B}\r\ncontent-disposition: form-data; name="Same"\r\n\r\n2\r\n--${B}--`,
    ],
    ['urlencoded', 'application/x-www-form-urlencoded', 'CallSid=abc&To=%2B919812345678&A+b=c+d&x'],
  ];
  for (const [name, contentType, body] of plain) {
    it(`reads ${name} exactly as Response.formData() does`, async () => {
      expect(fast(contentType, body)).toEqual(await standard(contentType, body));
    });
  }

  const unusual: [string, string, string][] = [
    [
      'a file part',
      MULTIPART,
      `--${B}\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nx\r\n--${B}--\r\n`,
    ],
    [
      'a part with another header',
      MULTIPART,
      `${part('A', '1', 'Content-Transfer-Encoding: base64\r\n')}--${B}--\r\n`,
    ],
    [
      'a binary part',
      MULTIPART,
      `${part('A', '1', 'Content-Type: application/octet-stream\r\n')}--${B}--\r\n`,
    ],
    ['an escaped name', MULTIPART, `${part('a%22b', '1')}--${B}--\r\n`],
    // formData() refuses it; read here it would be a field formData never gives.
    ['a carriage return in a name', MULTIPART, `${part('a\rb', '1')}--${B}--\r\n`],
    ['an epilogue', MULTIPART, `${part('A', '1')}--${B}--\r\nepilogue`],
    [
      'no space in the disposition',
      MULTIPART,
      `--${B}\r\nContent-Disposition: form-data;name="A"\r\n\r\n1\r\n--${B}--\r\n`,
    ],
    ['a preamble', MULTIPART, `preamble\r\n${part('A', '1')}--${B}--\r\n`],
    ['no closing delimiter', MULTIPART, part('A', '1')],
    [
      'a part without a name',
      MULTIPART,
      `--${B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${B}--\r\n`,
    ],
    ['no boundary', 'multipart/form-data', `${part('A', '1')}--${B}--\r\n`],
    [
      'padding after a delimiter',
      MULTIPART,
      `--${B}  \r\nContent-Disposition: form-data; name="A"\r\n\r\n1\r\n--${B}--\r\n`,
    ],
    ['urlencoded with raw non-ASCII bytes', 'application/x-www-form-urlencoded', 'a=Zoë'],
  ];
  for (const [name, contentType, body] of unusual) {
    it(`leaves ${name} to Response.formData()`, () => {
      expect(fast(contentType, body)).toBeUndefined();
    });
  }

  it('leaves bytes that are not UTF-8 to Response.formData()', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(part('A', '')),
      0xff,
      ...new TextEncoder().encode(`\r\n--${B}--\r\n`),
    ]);
    expect(readFormFast('multipart/form-data', MULTIPART, bytes)).toBeUndefined();
  });

  it('reads any plain multipart body exactly as Response.formData() does', async () => {
    // Names and values from the characters that matter here: quotes, escapes, brackets,
    // line breaks, non-ASCII. Whatever the fast reading takes, it must read as formData does.
    const char = fc.constantFrom(
      'a',
      'Z',
      '0',
      ' ',
      '[',
      ']',
      '"',
      '%',
      '\\',
      '\r',
      '\n',
      '-',
      'é',
      '😀',
    );
    const text = fc.array(char, { maxLength: 12 }).map((chars) => chars.join(''));
    // Names without `"`, `%`, `\\` or line breaks are the ones read here: mostly those.
    const plainName = fc
      .array(fc.constantFrom('a', 'Z', '0', ' ', '[', ']', '-', 'é', '😀'), { maxLength: 12 })
      .map((chars) => chars.join(''));
    const name = fc.oneof({ weight: 3, arbitrary: plainName }, { weight: 1, arbitrary: text });
    let read = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(name, text, fc.boolean()), { minLength: 1, maxLength: 6 }),
        async (fields) => {
          const body = `${fields
            .map(([name, value, typed]) =>
              part(name, value, typed ? 'Content-Type: text/plain\r\n' : ''),
            )
            .join('')}--${B}--\r\n`;
          const entries = fast(MULTIPART, body);
          if (entries === undefined) return;
          read += 1;
          expect(entries).toEqual(await standard(MULTIPART, body));
        },
      ),
      { numRuns: 300 },
    );
    // Most bodies are plain enough to be read here (names with `"`, `%` or `\\` are not).
    expect(read).toBeGreaterThan(60);
  });
});
