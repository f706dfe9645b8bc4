import { readFileSync } from 'node:fs';
import { readmePath } from './readmeBlocks.js';

/** The embed README's attribute table: the script tag's `data-*` and `<ringback-call>`'s. */
export interface EmbedAttributes {
  script: string[];
  element: string[];
}

export function documentedEmbedAttributes(): EmbedAttributes {
  const readme = readFileSync(readmePath('embed'), 'utf8');
  const section = readme.split('\n## Attributes\n')[1]?.split('\n## ')[0] ?? '';
  const script: string[] = [];
  const element: string[] = [];
  for (const row of section.split('\n').filter((line) => line.startsWith('|'))) {
    const [, onScript, onElement] = row.split('|').map((cell) => cell.trim());
    if (onScript?.startsWith('`')) script.push(onScript.replaceAll('`', ''));
    if (onElement?.startsWith('`')) element.push(onElement.replaceAll('`', ''));
  }
  return { script, element };
}

const SCRIPT_ATTRIBUTES = ['src', 'async', 'defer', 'type', 'nonce', 'integrity', 'crossorigin'];
const GLOBAL_ATTRIBUTES = ['id', 'class', 'style', 'dir', 'lang', 'hidden'];
const VOID_ELEMENTS = ['br', 'hr', 'img', 'input', 'link', 'meta'];
const TAG =
  /<(\/?)([a-zA-Z][\w-]*)((?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*>/y;
const ATTRIBUTE = /([^\s"'=<>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

/**
 * The problems of an HTML example: a tag that does not parse or close, a script with
 * both `src` and code or code that does not parse, an attribute of the script tag or
 * of `<ringback-call>` that the embed's README does not document.
 */
export function checkHtml(
  html: string,
  documented: EmbedAttributes,
  syntaxErrors: (code: string) => string[],
): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at)) {
    TAG.lastIndex = at;
    const tag = TAG.exec(html);
    if (!tag) {
      problems.push(`unreadable markup at ${JSON.stringify(html.slice(at, at + 30))}`);
      break;
    }
    at = TAG.lastIndex;
    const [, closing, rawName, rawAttributes] = tag;
    const name = rawName!.toLowerCase();
    if (closing) {
      if (open.pop() !== name) problems.push(`</${name}> closes nothing open`);
      continue;
    }
    const names = [...rawAttributes!.matchAll(ATTRIBUTE)].map((m) => m[1]!.toLowerCase());
    if (new Set(names).size !== names.length) problems.push(`<${name}> repeats an attribute`);
    const allowed =
      name === 'script'
        ? (a: string) => SCRIPT_ATTRIBUTES.includes(a) || documented.script.includes(a)
        : name === 'ringback-call'
          ? (a: string) => GLOBAL_ATTRIBUTES.includes(a) || documented.element.includes(a)
          : () => true;
    for (const attribute of names.filter((a) => !allowed(a)))
      problems.push(`<${name} ${attribute}> is not a documented attribute`);
    if (name === 'script') {
      const end = html.indexOf('</script>', at);
      if (end < 0) {
        problems.push('<script> is not closed');
        break;
      }
      const code = html.slice(at, end);
      if (names.includes('src') && code.trim()) problems.push('<script src> with code inside');
      problems.push(...syntaxErrors(code).map((error) => `<script>: ${error}`));
      at = end + '</script>'.length;
    } else if (!VOID_ELEMENTS.includes(name)) open.push(name);
  }
  problems.push(...open.map((name) => `<${name}> is not closed`));
  return problems;
}
