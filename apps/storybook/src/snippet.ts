/** Where the snippets point: an address a reader recognises as theirs to replace. */
export const EXAMPLE_ENDPOINT = 'https://shop.example.com/ringback';

/** The props a snippet shows, in this order; the rest (phone rules, callbacks) are the stories' own. */
const SHOWN = ['locale', 'theme', 'dir', 'countries', 'consent', 'style'] as const;

/**
 * The code a developer would write for a story: `<ClickToCall/>` with the story's
 * props, the example endpoint instead of the story's in-page one, and phone rules
 * imported by name rather than printed as data. For "Show code" in the docs.
 */
export function clickToCallSnippet(args: Record<string, unknown>): string {
  const countries = (args.countries as string[] | undefined) ?? [];
  const ruled = countries.filter((c) => c !== 'IN');
  const lines = [`  endpoint="${EXAMPLE_ENDPOINT}"`, '  widgetId="support"'];
  for (const name of SHOWN) {
    const value = args[name];
    if (value === undefined) continue;
    lines.push(
      typeof value === 'string' ? `  ${name}="${value}"` : `  ${name}={${JSON.stringify(value)}}`,
    );
  }
  if (ruled.length) lines.push(`  phoneRules={{ IN, ${ruled.join(', ')} }}`);
  return [
    "import { ClickToCall } from '@ringback/react';",
    ...(ruled.length
      ? [`import { IN, ${ruled.join(', ')} } from '@ringback/client/phone-rules';`]
      : []),
    '',
    `<ClickToCall\n${lines.join('\n')}\n/>`,
  ].join('\n');
}

/** `parameters.docs.source` for a story with `args`. */
export const source = (args: Record<string, unknown>) => ({
  docs: { source: { code: clickToCallSnippet(args), language: 'tsx' } },
});
