import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface PublishedPackage {
  name: string;
  version: string;
  dir: string;
}

/** Every package under packages/ that is not private: what users can install. */
export function publishedPackages(): PublishedPackage[] {
  const root = join(repoRoot, 'packages');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(root, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, version: manifest.version, private: manifest.private, dir };
    })
    .filter((pkg) => !pkg.private)
    .map(({ name, version, dir }) => ({ name, version, dir }));
}

/**
 * Builds the packages and packs each with `pnpm pack`, which rewrites `workspace:`
 * ranges to real versions exactly as publishing does. Returns name → tarball path.
 */
export function packWorkspace(destination: string): Map<string, string> {
  const packages = publishedPackages();
  execFileSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', ...packages.map((p) => `--filter=${p.name}`)],
    {
      cwd: repoRoot,
      stdio: 'pipe',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  const tarballs = new Map<string, string>();
  for (const pkg of packages) {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', destination], {
      cwd: pkg.dir,
      encoding: 'utf8',
    });
    const file = out
      .trim()
      .split('\n')
      .map((line) => line.trim())
      .findLast((line) => line.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack printed no tarball for ${pkg.name}:\n${out}`);
    tarballs.set(pkg.name, resolve(destination, file));
  }
  return tarballs;
}
