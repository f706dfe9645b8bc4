import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../..');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
}

const readManifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/** Packages of a tree; for the real repository, only those git tracks. */
function workspacePackages(root: string): Array<Manifest & { dir: string }> {
  return ['packages', 'apps'].flatMap((group) =>
    existsSync(join(root, group))
      ? readdirSync(join(root, group), { withFileTypes: true })
          .filter(
            (entry) =>
              entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')),
          )
          .map((entry) => ({
            ...readManifest(join(root, group, entry.name)),
            dir: join(root, group, entry.name),
          }))
      : [],
  );
}

/** The pending changesets, as `changeset version` will read them. */
function pendingBumps(root: string): Map<string, string> {
  const bumps = new Map<string, string>();
  const dir = join(root, '.changeset');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? '';
    for (const line of front.split('\n')) {
      const match = /^['"]?(@ringback\/[\w-]+)['"]?:\s*(major|minor|patch)/.exec(line.trim());
      if (match) bumps.set(match[1]!, match[2]!);
    }
  }
  return bumps;
}

describe('a release dry run (changeset version on a scratch copy)', () => {
  let scratch: string;
  let before: Array<Manifest & { dir: string }>;
  let bumps: Map<string, string>;

  beforeAll(() => {
    // A scratch copy of the files git tracks, so the real tree is never touched and
    // work in progress does not count.
    scratch = mkdtempSync(join(tmpdir(), 'ringback-release-'));
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\0')
      .filter((file) => file && existsSync(join(repoRoot, file)));
    for (const file of tracked) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true });
      copyFileSync(join(repoRoot, file), join(scratch, file));
    }
    before = workspacePackages(scratch);
    bumps = pendingBumps(scratch);
    execFileSync(join(repoRoot, 'node_modules/.bin/changeset'), ['version'], {
      cwd: scratch,
      stdio: 'pipe',
      env: { ...process.env, CI: 'true' },
    });
  });

  it('has pending changesets for the published packages', () => {
    expect(bumps.size).toBeGreaterThan(0);
  });

  it('moves every published package to one version (the fixed group), and no app', () => {
    const after = workspacePackages(scratch);
    const published = after.filter((p) => !p.private);
    const versions = new Set(published.map((p) => p.version));
    expect(versions.size).toBe(1);
    const [version] = versions;
    const highest = [...bumps.values()].includes('major')
      ? 'major'
      : [...bumps.values()].includes('minor')
        ? 'minor'
        : 'patch';
    const old = before
      .find((p) => !p.private)!
      .version.split('.')
      .map(Number) as [number, number, number];
    const expected =
      highest === 'major'
        ? `${old[0] + 1}.0.0`
        : highest === 'minor'
          ? `${old[0]}.${old[1] + 1}.0`
          : `${old[0]}.${old[1]}.${old[2] + 1}`;
    expect(version).toBe(expected);
    for (const app of after.filter((p) => p.private)) {
      expect(app.version).toBe(before.find((p) => p.name === app.name)!.version);
    }
  });

  it('writes a CHANGELOG for each published package, with the changeset text', () => {
    for (const pkg of workspacePackages(scratch).filter((p) => !p.private)) {
      const changelog = readFileSync(join(pkg.dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`# ${pkg.name}`);
      expect(changelog).toMatch(/## \d+\.\d+\.\d+/);
    }
  });

  it('consumes the changesets', () => {
    const left = readdirSync(join(scratch, '.changeset')).filter(
      (f) => f.endsWith('.md') && f !== 'README.md',
    );
    expect(left).toEqual([]);
  });
});
