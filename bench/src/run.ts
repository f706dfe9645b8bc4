// `pnpm bench`: runs the benchmarks and writes bench/results.md and bench/results.json.
//   --quick            seconds per benchmark (writes bench/.quick/ instead)
//   --only a,b         only these benchmarks (ids in results.md); the others' results are kept
//   --runs N --duration S --warmup S
//   --stores memory,sqlite,redis
//   --profile          CPU profiles of the proxy's processes in bench/profiles/, summarized
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './benchmarks/index.js';
import type { BenchmarkResult } from './lib/benchmark.js';
import { BENCH_DIR, openContext } from './lib/context.js';
import { machineInfo } from './lib/machine.js';
import { summarizeProfiles } from './lib/profile.js';
import { type Results, renderMarkdown } from './lib/report.js';
import type { StoreKind } from './lib/servers.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    stores: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});

const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((id) => !BENCHMARKS.some((b) => b.id === id));
if (unknown?.length) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.id).join(', ')}`,
  );
  process.exit(2);
}
const selected = BENCHMARKS.filter((b) => !only || only.includes(b.id));
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

const outDir = values.quick ? path.join(BENCH_DIR, '.quick') : BENCH_DIR;
mkdirSync(outDir, { recursive: true });
const jsonPath = path.join(outDir, 'results.json');
const mdPath = path.join(outDir, 'results.md');

const machine = machineInfo();
console.log(
  `Ringback benchmarks: ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage}`,
);
const { ctx, close } = await openContext({
  quick: values.quick,
  runs: num(values.runs),
  durationS: num(values.duration),
  warmupS: num(values.warmup),
  profile: values.profile,
  stores: values.stores?.split(',').map((s) => s.trim()) as StoreKind[] | undefined,
  log: (message) => console.log(message),
});

// A partial run keeps the other benchmarks' last results.
const previous: Results | undefined =
  only && existsSync(jsonPath)
    ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Results)
    : undefined;
const fresh: BenchmarkResult[] = [];
let failed = false;
try {
  for (const bench of selected) {
    console.log(`\n== ${bench.title}`);
    const started = performance.now();
    try {
      fresh.push(await bench.run(ctx));
    } catch (error) {
      failed = true;
      console.error(`${bench.id} failed:`, error);
    }
    console.log(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
} finally {
  await close();
}

const benchmarks = BENCHMARKS.flatMap((b) => {
  const result =
    fresh.find((r) => r.id === b.id) ?? previous?.benchmarks.find((r) => r.id === b.id);
  return result ? [result] : [];
});
const results: Results = {
  machine,
  mode: values.quick ? 'quick' : 'full',
  settings: { runs: ctx.runs, durationS: ctx.durationS, warmupS: ctx.warmupS },
  benchmarks,
};
let markdown = renderMarkdown(results);
if (values.profile) markdown += summarizeProfiles(path.join(BENCH_DIR, 'profiles'));
writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(mdPath, markdown);
console.log(
  `\nWrote ${path.relative(process.cwd(), mdPath)} and ${path.relative(process.cwd(), jsonPath)}`,
);
for (const b of fresh)
  for (const t of b.targets)
    console.log(
      `  ${t.met === null ? '?' : t.met ? 'met   ' : 'MISSED'} ${b.id}: ${t.name} (${t.target}): ${t.measured}`,
    );
process.exit(failed ? 1 : 0);
