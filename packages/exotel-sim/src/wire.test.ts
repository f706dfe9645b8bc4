import { describe, expect, it } from 'vitest';
import { formatExotelDate, parseForm, readBody, renderXml, restException } from './wire.js';

describe('renderXml', () => {
  it('writes Exotel’s envelope: one-space indent, self-closing empties, escaped text', () => {
    expect(
      renderXml({
        Call: {
          Sid: 'a<b>&"\'',
          EndTime: null,
          Price: '',
          Details: { Legs: [{ Leg: { Id: 1 } }] },
        },
      }),
    ).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<TwilioResponse>
 <Call>
  <Sid>a&lt;b&gt;&amp;&quot;&apos;</Sid>
  <EndTime/>
  <Price/>
  <Details>
   <Legs>
    <Leg>
     <Id>1</Id>
    </Leg>
   </Legs>
  </Details>
 </Call>
</TwilioResponse>
`);
  });

  it('renders a RestException in both formats', async () => {
    const json = restException('json', 400, "Missing parameter: 'From'");
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({
      RestException: { Status: 400, Message: "Missing parameter: 'From'" },
    });
    const xml = restException('xml', 503, 'Service Unavailable', 35008);
    expect(xml.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await xml.text()).toContain('<Code>35008</Code>');
  });
});

describe('formatExotelDate', () => {
  it('writes IST without a zone by default', () => {
    expect(formatExotelDate(Date.UTC(2026, 10, 27, 13, 42, 4))).toBe('2026-11-27 19:12:04');
    expect(formatExotelDate(Date.UTC(2026, 11, 31, 20, 0, 0))).toBe('2027-01-01 01:30:00');
    expect(formatExotelDate(Date.UTC(2026, 0, 1), 0)).toBe('2026-01-01 00:00:00');
  });
});

describe('parseForm', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads urlencoded bodies with or without a content type, keeping repeats', async () => {
    const fields = [
      ['From', '+919812345678'],
      ['StatusCallbackEvents[]', 'terminal'],
      ['StatusCallbackEvents[]', 'answered'],
    ];
    const body = new URLSearchParams(fields).toString();
    expect(
      await parseForm('application/x-www-form-urlencoded; charset=utf-8', bytes(body)),
    ).toEqual({ ok: true, fields });
    expect(await parseForm(null, bytes(body))).toEqual({ ok: true, fields });
  });

  it('reads multipart text fields and refuses files', async () => {
    const form = new FormData();
    form.append('From', '09812345678');
    const request = new Request('http://x.test', { method: 'POST', body: form });
    const contentType = request.headers.get('content-type');
    const raw = new Uint8Array(await request.arrayBuffer());
    expect(await parseForm(contentType, raw)).toEqual({
      ok: true,
      fields: [['From', '09812345678']],
    });

    const withFile = new FormData();
    withFile.append('From', new Blob(['x']), 'from.txt');
    const fileRequest = new Request('http://x.test', { method: 'POST', body: withFile });
    const result = await parseForm(
      fileRequest.headers.get('content-type'),
      new Uint8Array(await fileRequest.arrayBuffer()),
    );
    expect(result).toEqual({
      ok: false,
      message: "Parameter 'From' must be a text field, not a file.",
    });
  });
});

describe('readBody', () => {
  it('reads up to the limit and refuses beyond it', async () => {
    const small = await readBody(new Request('http://x.test', { method: 'POST', body: 'abc' }), 3);
    expect(small.ok && new TextDecoder().decode(small.bytes)).toBe('abc');
    const big = await readBody(new Request('http://x.test', { method: 'POST', body: 'abcd' }), 3);
    expect(big).toMatchObject({ ok: false, status: 413 });
    const none = await readBody(new Request('http://x.test'), 3);
    expect(none.ok && none.bytes.length).toBe(0);
  });
});
