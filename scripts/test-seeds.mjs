#!/usr/bin/env node
// Runs the hardening property suites (bad input, faults) once per seed, each seed fresh
// and random unless given, and prints every seed with its result, so a failing one
// replays with `HARDENING_SEED=<seed> pnpm vitest run --project hardening <file>`.
//
//   pnpm test:seeds            10 fresh seeds
//   pnpm test:seeds 50         50 fresh seeds
//   pnpm test:seeds 4242 7     exactly these seeds (two or more numbers, or one with --seed)
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const SUITES = ['test/hardening/badInput.test.ts', 'test/hardening/faults.test.ts'];

function parseArgs(argv) {
  const numbers = argv.filter((a) => a !== '--seed').map(Number);
  if (numbers.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    console.error('usage: test-seeds.mjs [count] | [--seed] <seed> [<seed> …]');
    process.exit(2);
  }
  if (argv.includes('--seed') || numbers.length > 1) return numbers;
  return Array.from({ length: numbers[0] ?? 10 }, () => randomInt(1, 2 ** 31 - 1));
}

const seeds = parseArgs(process.argv.slice(2));
const failed = [];
for (const [i, seed] of seeds.entries()) {
  const started = Date.now();
  const run = spawnSync(
    'pnpm',
    ['exec', 'vitest', 'run', '--project', 'hardening', '--reporter', 'dot', ...SUITES],
    { env: { ...process.env, HARDENING_SEED: String(seed) }, encoding: 'utf8' },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const ok = run.status === 0;
  console.log(`[${i + 1}/${seeds.length}] seed ${seed}: ${ok ? 'pass' : 'FAIL'} (${seconds} s)`);
  if (!ok) {
    failed.push(seed);
    // The counterexample and the fast-check path that replays it.
    const output = `${run.stdout}\n${run.stderr}`;
    const lines = output
      .split('\n')
      .filter((l) => /Counterexample|seed:|FAIL|never settled|expected/.test(l));
    for (const line of lines.slice(0, 12)) console.log(`    ${line.trim().slice(0, 400)}`);
  }
}
console.log('');
for (const seed of failed)
  console.log(
    `replay: HARDENING_SEED=${seed} pnpm vitest run --project hardening ${SUITES.join(' ')}`,
  );
console.log(`${seeds.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
