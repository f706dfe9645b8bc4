// Writes the README's configuration reference, between its `config-reference` markers,
// from the schema (src/domain/configSchema.ts): fields, types, ranges and defaults from
// the schema, descriptions and `@default` from each field's JSDoc, environment variables
// from `fromEnv`. Fails when a field has no description or its `@default` disagrees with
// the schema. With --check, also fails when the README differs from what it would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as v from 'valibot';
import { type ConfigField, configFields, type SchemaNode } from '../src/config/configFields.js';
import { type FieldDoc, fieldDocs } from './fieldDocs.js';

const PACKAGE = resolve(import.meta.dirname, '..');
const README = resolve(PACKAGE, 'README.md');
const START = '<!-- config-reference:start -->';
const END = '<!-- config-reference:end -->';

/** A value as it is written in TypeScript: `{ type: 'memory' }`. */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, item]) => `${k}: ${literal(item)}`);
    return entries.length > 0 ? `{ ${entries.join(', ')} }` : '{}';
  }
  return String(value);
}

const UNITS: [seconds: number, name: string][] = [
  [86_400, 'day'],
  [3600, 'hour'],
  [60, 'min'],
];

/** `5 / 10 min`: rate windows as people say them. */
function perWindow(value: unknown): string | undefined {
  const windows = Array.isArray(value) ? value : [value];
  if (windows.length === 0) return undefined;
  if (!windows.every((w) => w && typeof w === 'object' && 'windowSeconds' in w)) return undefined;
  return (windows as { limit: number; windowSeconds: number }[])
    .map(({ limit, windowSeconds }) => {
      const [unit, name] = UNITS.find(([s]) => windowSeconds % s === 0) ?? [1, 's'];
      const count = windowSeconds / unit;
      return `${limit} / ${count === 1 ? name : `${count} ${name}`}`;
    })
    .join(', ');
}

/** The validation actions of a schema, nested pipes included. */
function actions(schema: SchemaNode): { type: string; requirement?: unknown }[] {
  const [first, ...rest] = schema.pipe ?? [];
  const inner = first && first !== schema && 'pipe' in first ? actions(first as SchemaNode) : [];
  return [...inner, ...rest];
}

/** The field's type, in backticks as TypeScript unless it is a range. */
function describeType(schema: SchemaNode): string {
  const type = typeOf(schema);
  return /^(integer|number) /.test(type) ? type : `\`${type}\``;
}

function typeOf(schema: SchemaNode): string {
  const title = v.getTitle(schema as v.GenericSchema);
  if (title) return title;
  const requirement = (type: string) => actions(schema).find((a) => a.type === type)?.requirement;
  switch (schema.type) {
    case 'picklist':
      return (schema as unknown as { options: string[] }).options.map((o) => `'${o}'`).join(' | ');
    case 'number': {
      const kind = requirement('integer') ? 'integer' : 'number';
      const [min, max] = [requirement('min_value'), requirement('max_value')];
      return min === undefined ? kind : `${kind} ${min}–${max}`;
    }
    case 'array': {
      const item = typeOf(schema.item!);
      return item.includes(' ') ? `(${item})[]` : `${item}[]`;
    }
    case 'record':
      return 'Record<string, string>';
    case 'strict_object':
      return 'object';
    default:
      return schema.type;
  }
}

/** The schema's default, unless the fields inside it have their own (`limits: {}`). */
const schemaDefault = (field: ConfigField) =>
  field.nested && literal(field.default) === '{}' ? undefined : field.default;

function describeDefault(field: ConfigField, doc: FieldDoc | undefined): string {
  if (schemaDefault(field) !== undefined) {
    const written = literal(field.default);
    // What the JSDoc says after the value, e.g. `(7 days)`.
    const note = doc?.default?.slice(written.length).trim();
    return `${perWindow(field.default) ?? `\`${written}\``}${note ? ` ${note}` : ''}`;
  }
  if (doc?.default) return /\s/.test(doc.default) ? doc.default : `\`${doc.default}\``;
  return field.optional ? '—' : '**required**';
}

/** Why the field's documentation cannot be generated, if it cannot. */
function problem(field: ConfigField, doc: FieldDoc | undefined): string | undefined {
  if (!doc?.description) return 'has no JSDoc description';
  if (schemaDefault(field) === undefined) return undefined;
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  if (!doc.default) return `has a default, ${literal(field.default)}, but no @default tag`;
  if (!squeeze(doc.default).startsWith(squeeze(literal(field.default))))
    return `@default ${doc.default} disagrees with the schema's ${literal(field.default)}`;
  return undefined;
}

const cell = (text: string) => text.replaceAll('|', '\\|');

function table(fields: ConfigField[], docs: (keys: string[]) => FieldDoc | undefined, from = 0) {
  const env = fields.some((f) => f.env);
  const head = env ? '| field | type | default | env | |' : '| field | type | default | |';
  const rows = fields.map((field) => {
    const doc = docs(field.keys);
    const name = `\`${field.keys.slice(from).join('.').replaceAll('.[]', '[]')}\``;
    const text = doc?.description ?? '';
    const example = doc?.example ? ` Example: \`${doc.example}\`.` : '';
    const description = field.when
      ? `With \`${field.when}\`: ${text.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())}${example}`
      : `${text}${example}`;
    const cells = [name, describeType(field.schema), describeDefault(field, doc)];
    if (env) cells.push(field.env ? `\`${field.env}\`` : '');
    return `| ${[...cells, description].map(cell).join(' | ')} |`;
  });
  return [head, head.replace(/[^|]+/g, '---'), ...rows].join('\n');
}

const fields = configFields();
const docs = fieldDocs(PACKAGE);
const problems = fields.flatMap((f) => {
  const found = problem(f, docs(f.keys));
  return found ? [`${f.path} ${found}`] : [];
});
if (problems.length > 0) {
  console.error(`Cannot document the configuration:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const inWidget = (f: ConfigField) => f.keys[0] === 'widgets' && f.keys.length > 2;
const reference = [
  START,
  '<!-- Generated from src/domain/configSchema.ts by scripts/generate-config-docs.ts; do not edit. Run `pnpm --filter @ringback/server generate`. -->',
  '',
  table(
    fields.filter((f) => !inWidget(f)),
    docs,
  ),
  '',
  'Per widget (`widgets[]`):',
  '',
  table(fields.filter(inWidget), docs, 2),
  END,
].join('\n');

const readme = readFileSync(README, 'utf8');
const [start, end] = [readme.indexOf(START), readme.indexOf(END)];
if (start < 0 || end < start) {
  console.error(`README.md has no ${START} … ${END} section`);
  process.exit(1);
}
const fresh = readme.slice(0, start) + reference + readme.slice(end + END.length);

if (process.argv.includes('--check')) {
  if (fresh !== readme) {
    console.error(
      'README.md’s configuration reference is out of date: run `pnpm --filter @ringback/server generate` and commit it.',
    );
    process.exit(1);
  }
  console.log('README.md’s configuration reference matches the schema');
} else {
  writeFileSync(README, fresh);
  console.log('wrote the configuration reference in README.md');
}
