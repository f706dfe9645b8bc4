import { describe, expect, it } from 'vitest';
import { checkCallback, checkResponse, drift, expectSchema, parseXml } from './conformance.js';

const url = 'http://exotel.test/v1/Accounts/acme/Calls/connect.json';
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

// The conformance check must itself catch drift, or "every response is validated" means nothing.
describe('the conformance check', () => {
  it('fails a Call that drifts from the spec', async () => {
    await expect(
      checkResponse('POST', url, json({ Call: { Sid: 'x', Status: 'ringing-ish' } })),
    ).rejects.toThrow(/Spec drift/);
    await expect(
      checkResponse(
        'POST',
        url,
        json({ RestException: { Status: 400, Message: 'x', Code: 'E1' } }, 400),
      ),
    ).rejects.toThrow(/Code/);
  });

  it('fails an undocumented status or content type', async () => {
    await expect(
      checkResponse('POST', url, json({ RestException: { Status: 418, Message: 'x' } }, 418)),
    ).rejects.toThrow(/not documented/);
    await expect(
      checkResponse('POST', url, new Response('{}', { headers: { 'content-type': 'text/plain' } })),
    ).rejects.toThrow(/content type/);
  });

  it('fails a RestException whose Status differs from the HTTP status', async () => {
    await expect(
      checkResponse('POST', url, json({ RestException: { Status: 400, Message: 'x' } }, 401)),
    ).rejects.toThrow(/differs/);
  });

  it('reads the XML envelope strictly', () => {
    expect(() => parseXml('<TwilioResponse/>')).toThrow(/declaration/);
    expect(() =>
      parseXml(
        '<?xml version="1.0" encoding="UTF-8"?><TwilioResponse><Call><Sid></Sid></Call></TwilioResponse>',
      ),
    ).toThrow(/self-closing/);
    expect(() =>
      parseXml('<?xml version="1.0" encoding="UTF-8"?><TwilioResponse><Call></TwilioResponse>'),
    ).toThrow(/Mismatched/);
    expect(
      parseXml(
        '<?xml version="1.0" encoding="UTF-8"?><TwilioResponse><RestException><Status>401</Status><Message>a &amp; b</Message></RestException></TwilioResponse>',
      ),
    ).toEqual({ RestException: { Status: 401, Message: 'a & b' } });
  });

  it('collects callbacks that drift', async () => {
    // Status may be a value the spec does not know yet, but never missing.
    const form = new FormData();
    form.append('CallSid', 'abc');
    form.append('EventType', 'terminal');
    await checkCallback(new Request('http://x.test', { method: 'POST', body: form }));
    await checkCallback(
      new Request('http://x.test', {
        method: 'POST',
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      }),
    );
    const found = drift.splice(0);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/StatusCallbackForm/);
    expect(found[1]).toMatch(/not documented/);
  });

  it('validates schemas by name', () => {
    expect(() =>
      expectSchema('StatusCallbackJson', {
        CallSid: 'a',
        Status: 'completed',
        Legs: [{ OnCallDuration: -1 }],
      }),
    ).toThrow(/StatusCallbackJson/);
  });
});
