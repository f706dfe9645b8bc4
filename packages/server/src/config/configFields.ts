import * as v from 'valibot';
import { ringbackConfigSchema } from '../domain/configSchema.js';

/** The parts of a valibot schema object this walk reads; every schema is a plain object. */
export interface SchemaNode {
  type: string;
  wrapped?: SchemaNode;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  options?: SchemaNode[];
  key?: string;
  literal?: unknown;
  getter?: (input: unknown) => SchemaNode;
  pipe?: readonly { type: string; requirement?: unknown }[];
}

/** One field of the configuration, as the README and the bin see it. */
export interface ConfigField {
  /** Field names from the top, `[]` standing for the items of a list: `widgets`, `[]`, `id`. */
  keys: string[];
  /** `widgets[].id`. */
  path: string;
  /** The field's schema, without its `optional` wrapper. */
  schema: SchemaNode;
  optional: boolean;
  /** The schema's default, if it has one. */
  default?: unknown;
  /** The environment variable the bin reads it from. */
  env?: string;
  /** Only in settings of this kind, e.g. `type: 'sqlite'`. */
  when?: string;
  /** The fields inside it are listed after it. */
  nested: boolean;
}

/** Fields inside another: `keys` lead to them from it, `when` says in which settings. */
interface Nested {
  keys: string[];
  entries: Record<string, SchemaNode>;
  when?: string;
}

function nestedIn(schema: SchemaNode): Nested[] {
  // For a lazy choice (a Store or Verifier object, or settings), `undefined` selects the settings.
  if (schema.type === 'lazy') return nestedIn(schema.getter!(undefined));
  // Named types (`RateWindow`) are documented as one field.
  if (v.getTitle(schema as v.GenericSchema)) return [];
  if (schema.type === 'strict_object') return [{ keys: [], entries: schema.entries! }];
  if (schema.type === 'array')
    return nestedIn(schema.item!).map((n) => ({ ...n, keys: ['[]', ...n.keys] }));
  if (schema.type === 'variant') {
    const key = schema.key!;
    const kinds = schema.options!.map((o) => String(o.entries![key]!.literal));
    return [
      { keys: [], entries: { [key]: v.picklist(kinds) as unknown as SchemaNode } },
      ...schema.options!.map((option, i) => {
        const { [key]: _, ...entries } = option.entries!;
        return { keys: [], entries, when: `${key}: '${kinds[i]}'` };
      }),
    ];
  }
  return [];
}

function walk(
  entries: Record<string, SchemaNode>,
  keys: string[],
  when: string | undefined,
  out: ConfigField[],
): void {
  for (const [key, entry] of Object.entries(entries)) {
    const optional = entry.type === 'optional';
    const schema = optional ? entry.wrapped! : entry;
    const fieldKeys = [...keys, key];
    const nested = nestedIn(schema);
    const { env } = v.getMetadata(schema as v.GenericSchema) as { env?: string };
    const fallback = optional ? v.getDefault(entry as v.GenericSchema) : undefined;
    out.push({
      keys: fieldKeys,
      path: fieldKeys.join('.').replaceAll('.[]', '[]'),
      schema,
      optional,
      ...(fallback !== undefined ? { default: fallback } : {}),
      ...(env ? { env } : {}),
      ...(when ? { when } : {}),
      nested: nested.length > 0,
    });
    for (const n of nested) walk(n.entries, [...fieldKeys, ...n.keys], n.when ?? when, out);
  }
}

/** Every field of `RingbackConfig`, depth first in the schema's order. */
export function configFields(): ConfigField[] {
  const out: ConfigField[] = [];
  walk((ringbackConfigSchema as unknown as SchemaNode).entries!, [], undefined, out);
  return out;
}
