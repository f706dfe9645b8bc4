/**
 * Checks what the simulator sends against spec/exotel.yaml with a real JSON Schema
 * validator, so any drift between the two fails the build. Responses are checked as
 * they come back (a drift throws); callbacks are checked by the receiving fetch and
 * collected in `drift`, which test/setup.ts asserts empty after every test (an error
 * thrown inside the receiver would only look like a failed delivery to the sim).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { parse } from 'yaml';

const SPEC_ID = 'https://ringback.invalid/spec/exotel.yaml';
const spec = parse(
  readFileSync(new URL('../../../spec/exotel.yaml', import.meta.url), 'utf8'),
) as Spec;

// ajv-formats is CommonJS: its default import is the module object in NodeNext types.
const addFormats = ((formatsPlugin as unknown as { default?: unknown }).default ??
  formatsPlugin) as unknown as (ajv: Ajv2020) => void;
// OpenAPI 3.1 schemas are JSON Schema 2020-12; `example` and friends are annotations.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: SPEC_ID });

type Json = Record<string, unknown>;
interface Spec extends Json {
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, ResponseSpec> };
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseSpec | { $ref: string }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
}
interface ResponseSpec {
  content?: Record<string, { schema: { $ref?: string; type?: string } }>;
}

/** Callback problems found by the receiving fetch; test/setup.ts asserts this is empty. */
export const drift: string[] = [];

function errorsOf(pointer: string, value: unknown): string[] {
  const validate = ajv.getSchema(`${SPEC_ID}${pointer}`);
  if (!validate) throw new Error(`No schema at ${pointer} in spec/exotel.yaml`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

/** Validates `value` against `#/components/schemas/{name}`; throws listing every error. */
export function expectSchema(name: string, value: unknown): void {
  const errors = errorsOf(`#/components/schemas/${name}`, value);
  if (errors.length > 0) {
    throw new Error(
      `Does not match ${name} in spec/exotel.yaml:\n  ${errors.join('\n  ')}\n${JSON.stringify(value, null, 2)}`,
    );
  }
}

function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+?');
  return new RegExp(`^${escaped}$`);
}

function findOperation(
  method: string,
  path: string,
): { template: string; op: Operation } | undefined {
  // Literal paths (`Calls/connect.json`) before templated ones (`Calls/{CallSid}.json`).
  const templates = Object.keys(spec.paths).sort(
    (a, b) => a.split('{').length - b.split('{').length,
  );
  for (const template of templates) {
    const op = spec.paths[template]![method.toLowerCase()];
    if (op && pathPattern(template).test(path)) return { template, op };
  }
  return undefined;
}

function resolveResponse(ref: ResponseSpec | { $ref: string }): ResponseSpec {
  if ('$ref' in ref && typeof ref.$ref === 'string') {
    return spec.components.responses[ref.$ref.split('/').pop()!]!;
  }
  return ref as ResponseSpec;
}

/**
 * Answers the simulator gives outside any documented operation. Each is a
 * RestException; anything else the simulator answers must be in spec/exotel.yaml.
 */
const UNDOCUMENTED: Record<string, number[]> = {
  // GET on `Calls/connect.json`, which the `Calls/{CallSid}.json` template also matches.
  getCall: [405],
  getCallXml: [405],
  unknownRoute: [404, 405],
};

export interface CheckedResponse {
  status: number;
  text: string;
  /** JSON body, or the XML envelope's content as an object (`TwilioResponse` children). */
  body: Json;
}

/** Validates a simulator response against the operation spec/exotel.yaml documents for it. */
export async function checkResponse(
  method: string,
  url: string,
  response: Response,
): Promise<CheckedResponse> {
  const path = new URL(url).pathname;
  const text = await response.text();
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const found = findOperation(method, path);
  const fail = (why: string): never => {
    throw new Error(`Spec drift on ${method} ${path} (${response.status}): ${why}\n${text}`);
  };
  const opId = found ? (found.op.operationId ?? '') : 'unknownRoute';
  const documented = found?.op.responses[String(response.status)];
  const body =
    mediaType === 'application/json'
      ? (JSON.parse(text) as Json)
      : mediaType === 'application/xml'
        ? parseXml(text)
        : fail(`unexpected content type '${mediaType}'`);

  if (documented) {
    const content = resolveResponse(documented).content ?? {};
    const entry =
      content[mediaType] ??
      fail(`content type ${mediaType} is not documented (${Object.keys(content).join(', ')})`);
    if (entry.schema.$ref) {
      const errors = errorsOf(entry.schema.$ref, body);
      if (errors.length > 0) fail(errors.join('; '));
    } else {
      // XML: the schema is `type: string`; check the envelope's content structurally.
      expectXmlEnvelope(response.status, body);
    }
  } else {
    if (!UNDOCUMENTED[opId]?.includes(response.status)) {
      fail(`status ${response.status} is not documented for ${opId}`);
    }
    if (mediaType === 'application/json')
      expectSchema(response.status === 200 ? 'CallResponse' : 'RestException', body);
    else expectXmlEnvelope(response.status, body);
  }
  if (
    response.status !== 200 &&
    (body.RestException as Json | undefined)?.Status !== response.status
  ) {
    fail('RestException.Status differs from the HTTP status');
  }
  return { status: response.status, text, body };
}

function expectXmlEnvelope(status: number, body: Json): void {
  expectSchema(status === 200 ? 'CallResponse' : 'RestException', body);
}

/** Validates one StatusCallback request against the `statusCallback` webhook. */
export async function checkCallback(request: Request): Promise<Json> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const content = spec.webhooks.statusCallback!.post!.requestBody!.content;
  const entry = content[mediaType] as { schema: { $ref: string } } | undefined;
  if (!entry) {
    drift.push(`callback content type '${mediaType}' is not documented`);
    return {};
  }
  let body: Json;
  if (mediaType === 'application/json') {
    body = (await request.json()) as Json;
  } else {
    body = {};
    for (const [key, value] of await request.formData()) body[key] = value;
  }
  const errors = errorsOf(entry.schema.$ref, body);
  if (errors.length > 0)
    drift.push(
      `callback does not match ${entry.schema.$ref}: ${errors.join('; ')} ${JSON.stringify(body)}`,
    );
  return body;
}

// ---------------------------------------------------------------------------------------
// A small XML reader for Exotel's envelope: enough to turn it back into the JSON shape.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Element {
  name: string;
  children: Element[];
  text: string;
}

/** Parses `<TwilioResponse>…</TwilioResponse>` into the object the JSON form would hold. */
export function parseXml(xml: string): Json {
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'))
    throw new Error('XML declaration missing');
  if (/<(\w+)><\/\1>/.test(xml)) throw new Error('An empty XML element is not self-closing');
  const root: Element = { name: '#root', children: [], text: '' };
  const stack: Element[] = [root];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const token = /<(\/?)([A-Za-z]\w*)(\/?)>|([^<]+)/g;
  let consumed = 0;
  for (const match of body.matchAll(token)) {
    consumed += match[0].length;
    const [, close, name, selfClose, text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      top.text += text.replace(/&(\w+);/g, (_, e: string) => ENTITIES[e] ?? `&${e};`);
    } else if (close) {
      if (top.name !== name) throw new Error(`Mismatched </${name}>, expected </${top.name}>`);
      stack.pop();
    } else {
      const element: Element = { name: name!, children: [], text: '' };
      top.children.push(element);
      if (!selfClose) stack.push(element);
    }
  }
  if (stack.length !== 1 || consumed !== body.length) throw new Error('Malformed XML');
  const envelope = root.children.find((c) => c.name === 'TwilioResponse');
  if (!envelope || root.children.length !== 1) throw new Error('Not a TwilioResponse envelope');
  return toObject(envelope, []) as Json;
}

function toObject(element: Element, path: string[]): unknown {
  if (element.children.length === 0) {
    const text = element.text.trim();
    // Numbers the JSON form types as integers.
    const numeric = ['Status', 'Code'].includes(element.name) && path.at(-1) === 'RestException';
    if ((numeric || element.name === 'Id') && /^\d+$/.test(text)) return Number(text);
    return text;
  }
  if (element.name === 'Legs') {
    return element.children.map((child) => ({
      [child.name]: toObject(child, [...path, 'Legs', child.name]),
    }));
  }
  const out: Json = {};
  for (const child of element.children) out[child.name] = toObject(child, [...path, element.name]);
  return out;
}
