import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  location: string;
  selfMs: number;
  share: number;
}

/** Self time per function of one `--cpu-prof` file, busiest first, idle time left out. */
export function hotFunctions(
  file: string,
  top = 15,
): { totalMs: number; functions: HotFunction[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { name: string; location: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const where = url
      ? `${url.replace(/^file:\/\//, '').replace(/.*\/(packages|node_modules)\//, '$1/')}:${lineNumber + 1}`
      : '';
    const key = `${functionName}@${where}`;
    const entry = self.get(key) ?? { name: functionName || '(anonymous)', location: where, us: 0 };
    entry.us += us;
    self.set(key, entry);
  });
  const functions = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ name: e.name, location: e.location, selfMs: e.us / 1000, share: e.us / total }));
  return { totalMs: total / 1000, functions };
}

/**
 * Inclusive time (self + everything it called) of the workspace's own functions, and of
 * the areas self time goes to (a package's file, a dependency, a Node subsystem).
 */
export function profileBreakdown(
  file: string,
  top = 15,
): {
  totalMs: number;
  inclusive: HotFunction[];
  areas: { area: string; selfMs: number; share: number }[];
} {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, { name: string; location: string; us: number }>();
  const areas = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((leaf, i) => {
    const leafNode = byId.get(leaf)!;
    if (leafNode.callFrame.functionName === '(idle)') return;
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const area = areaOf(leafNode.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const { functionName, url } = byId.get(id)!.callFrame;
      if (!url.includes('/packages/')) continue;
      const location = url.replace(/.*\/packages\//, 'packages/');
      const key = `${functionName}@${location}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { name: functionName || '(anonymous)', location, us: 0 };
      entry.us += us;
      inclusive.set(key, entry);
    }
  });
  return {
    totalMs: total / 1000,
    inclusive: [...inclusive.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({
        name: e.name,
        location: e.location,
        selfMs: e.us / 1000,
        share: e.us / total,
      })),
    areas: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, us]) => ({ area, selfMs: us / 1000, share: us / total })),
  };
}

function areaOf({ functionName, url }: ProfileNode['callFrame']): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.includes('/packages/')) return url.replace(/.*\/packages\//, 'packages/');
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return dep[1]!;
  if (url.startsWith('node:internal/deps/undici')) return 'undici (Node fetch)';
  const internal = /^node:internal\/([^/]+(?:\/[^/]+)?)/.exec(url);
  return internal ? `node:${internal[1]}` : url;
}

/** A results.md section summarizing the newest profile of each profiled target. */
export function summarizeProfiles(dir: string): string {
  if (!existsSync(dir)) return '';
  const out = ['', '## CPU profiles (`--profile`)', ''];
  for (const target of readdirSync(dir).sort()) {
    const folder = path.join(dir, target);
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(folder, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (!files[0]) continue;
    // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: the newest process wrote one file per
    // thread (tsx's loader runs in a worker); the main thread is the busiest.
    const pid = path.basename(files[0]).split('.')[3];
    const candidates = files
      .filter((f) => path.basename(f).split('.')[3] === pid)
      .map((f) => ({ file: f, ...hotFunctions(f) }))
      .sort((a, b) => b.totalMs - a.totalMs);
    const { file, totalMs, functions } = candidates[0]!;
    out.push(
      `**${target}** (${Math.round(totalMs)} ms busy; \`${path.relative(path.dirname(dir), file)}\`)`,
      '',
    );
    out.push('| function | where | self ms | share |', '| --- | --- | ---: | ---: |');
    for (const f of functions)
      out.push(
        `| ${f.name} | ${f.location} | ${f.selfMs.toFixed(0)} | ${(f.share * 100).toFixed(1)}% |`,
      );
    const breakdown = profileBreakdown(file);
    out.push('', '| area (self time) | ms | share |', '| --- | ---: | ---: |');
    for (const a of breakdown.areas)
      out.push(`| ${a.area} | ${a.selfMs.toFixed(0)} | ${(a.share * 100).toFixed(1)}% |`);
    out.push(
      '',
      '| workspace function (inclusive time) | where | ms | share |',
      '| --- | --- | ---: | ---: |',
    );
    for (const f of breakdown.inclusive)
      out.push(
        `| ${f.name} | ${f.location} | ${f.selfMs.toFixed(0)} | ${(f.share * 100).toFixed(1)}% |`,
      );
    out.push('');
  }
  return out.join('\n');
}
