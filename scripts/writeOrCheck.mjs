// The common end of the generators: write a generated file, or with --check fail (exit 1)
// when the committed one differs, naming the source it must match.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Writes `text` to `out`, or (`check`) verifies the committed `out` is exactly `text`. */
export function writeOrCheck(out, text, { from, check }) {
  const name = relative(root, out);
  if (!check) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    console.log(`wrote ${name}`);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(out, 'utf8');
  } catch {}
  if (committed !== text) {
    console.error(
      `${name} is out of date with ${relative(root, from)}: run \`pnpm generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`${name} matches ${relative(root, from)}`);
}
