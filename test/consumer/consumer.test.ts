import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConsumerProject, createConsumerProject } from './createConsumerProject.js';
import { packWorkspace, publishedPackages, repoRoot } from './packWorkspace.js';
import { workspacePrebuild } from './workspacePrebuild.js';

let project: ConsumerProject;
let tarballs: Map<string, string>;

beforeAll(() => {
  tarballs = packWorkspace(mkdtempSync(join(tmpdir(), 'ringback-packs-')));
  const sqlite = workspacePrebuild(
    'better-sqlite3',
    mkdtempSync(join(tmpdir(), 'ringback-prebuilds-')),
  );
  project = createConsumerProject(
    tarballs,
    {
      express: '^5.1.0',
      'better-sqlite3': sqlite?.version ?? '^12.4.1',
      react: '^19.2.0',
      'react-dom': '^19.2.0',
      '@types/react': '^19.2.0',
      '@types/react-dom': '^19.2.0',
      vite: '~8.3.8',
      '@vitejs/plugin-react': '~6.3.0',
      'playwright-core': '~1.65.1',
    },
    sqlite?.env,
  );
  cpSync(join(import.meta.dirname, 'fixtures'), project.dir, { recursive: true });
});

describe('the packed packages, installed by npm outside the workspace', () => {
  it('packs every published package', () => {
    expect([...tarballs.keys()].sort()).toEqual(
      publishedPackages()
        .map((p) => p.name)
        .sort(),
    );
  });

  it('ships no workspace: ranges and no unpublished @ringback dependency', () => {
    const published = new Set(publishedPackages().map((p) => p.name));
    for (const name of tarballs.keys()) {
      const manifest = JSON.parse(
        project.run('node', ['-p', `JSON.stringify(require('${name}/package.json'))`]),
      );
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
        for (const [dep, range] of Object.entries<string>(manifest[field] ?? {})) {
          expect(range, `${name} ${field}.${dep}`).not.toMatch(/^workspace:/);
          if (dep.startsWith('@ringback/'))
            expect(published, `${name} depends on ${dep}`).toContain(dep);
        }
      }
    }
  });

  it('ships the OpenAPI specs and no test files', () => {
    const contents = new Map(
      [...tarballs].map(([name, file]) => [
        name,
        execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .map((path) => path.replace(/^package\//, '')),
      ]),
    );
    expect(contents.get('@ringback/protocol')).toContain('spec/ringback.yaml');
    expect(contents.get('@ringback/exotel')).toContain('spec/exotel.yaml');
    for (const [name, files] of contents) {
      // foo.test.ts, foo.test-d.ts, foo.test.tsx, and anything compiled from them.
      expect(
        files.filter((path) => /\.test(-d)?\.[^/]*$/.test(path)),
        name,
      ).toEqual([]);
    }
  });

  it.each([
    ['@ringback/protocol', 'ringback.yaml'],
    ['@ringback/exotel', 'exotel.yaml'],
  ])('%s/spec/%s resolves and matches spec/ in the repository', (name, file) => {
    const url = project.run('node', [
      '--input-type=module',
      '-e',
      `console.log(import.meta.resolve('${name}/spec/${file}'))`,
    ]);
    const shipped = readFileSync(new URL(url.trim()), 'utf8');
    expect(shipped.endsWith(readFileSync(join(repoRoot, 'spec', file), 'utf8'))).toBe(true);
  });

  it.each(['bundler', 'node16'])('type-checks a consumer with moduleResolution %s', (mode) => {
    project.run('npx', ['tsc', '-p', `tsconfig.${mode}.json`]);
  });

  describe('the READMEs\' "Module settings"', () => {
    const PACKAGES = 7;
    /**
     * The TS error codes tsc reports for fixture files under the given flags. These
     * cases are about how the imports resolve; the declarations themselves are checked
     * in full (no skipLibCheck) by the two type-checks above, so skipping them here
     * spares about ten seconds a case checking valibot's and the DOM's.
     */
    function tscErrors(flags: string[], file: string): string[] {
      const common = [
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--target',
        'es2022',
        '--types',
        'node',
      ];
      try {
        project.run('npx', ['tsc', ...common, '--lib', 'es2023,dom,dom.iterable', ...flags, file]);
        return [];
      } catch (error) {
        return [...(error as Error).message.matchAll(/error (TS\d+)/g)].map((match) => match[1]!);
      }
    }
    beforeAll(() => {
      const dir = join(project.dir, 'module-settings');
      copyFileSync(join(dir, 'imports.ts'), join(dir, 'imports.cts'));
    });

    it.each([
      ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler']],
      ['node16 with "type": "module"', ['--module', 'node16']],
      ['nodenext', ['--module', 'nodenext']],
    ])('resolve with %s', (_, flags) => {
      expect(tscErrors(flags, 'module-settings/imports.ts')).toEqual([]);
    });

    it('fail with TS2307 under moduleResolution node (node10)', () => {
      const flags = ['--module', 'commonjs', '--moduleResolution', 'node'];
      expect(tscErrors(flags, 'module-settings/imports.ts')).toEqual(
        Array(PACKAGES).fill('TS2307'),
      );
    });

    it('fail with TS1479 as CommonJS under module node16, and not under nodenext', () => {
      expect(tscErrors(['--module', 'node16'], 'module-settings/imports.cts')).toEqual(
        Array(PACKAGES).fill('TS1479'),
      );
      expect(tscErrors(['--module', 'nodenext'], 'module-settings/imports.cts')).toEqual([]);
    });

    it('load from CommonJS with a dynamic import, and with require() on Node 20.19+', () => {
      expect(tscErrors(['--module', 'node16'], 'module-settings/dynamic.cts')).toEqual([]);
      const loaded = JSON.parse(project.run('node', ['module-settings/load.cjs']));
      expect(Object.keys(loaded)).toHaveLength(PACKAGES);
      for (const [name, kinds] of Object.entries(loaded))
        expect(kinds, name).toEqual(['function', 'function']);
    });
  });

  it('@ringback/protocol: the call rule and the problem table at run time', () => {
    expect(JSON.parse(project.run('node', ['protocol-rules.mjs']))).toEqual({
      states: 15,
      finals: 8,
      forward: true,
      backward: false,
      afterEnding: false,
      rateLimited: 429,
    });
  });

  it('@ringback/exotel places a call on the installed ringback-sim bin and reads it back', () => {
    const result = JSON.parse(project.run('node', ['exotel-against-sim.mjs']));
    expect(result).toEqual({
      created: 'in-progress',
      final: 'completed',
      legs: ['completed', 'completed'],
      conversation: 'number',
      events: ['answered:in-progress', 'answered:in-progress', 'terminal:completed'],
    });
  });

  it('@ringback/server with SQLite, mounted in Express, drives a call to completion', () => {
    const result = JSON.parse(project.run('node', ['server-express.mjs']));
    expect(result).toEqual({
      created: 'dialing-agent',
      final: 'completed',
      connects: 1,
      shop: 'the shop',
    });
  });

  it('@ringback/react renders <ClickToCall/> on the server, without a DOM', () => {
    const { html, hasWindow } = JSON.parse(project.run('node', ['ssr.mjs']));
    expect(hasWindow).toBe(false);
    expect(html).toContain('Call me');
    expect(html).toContain('rb-ctc');
  });

  it('a Vite + React app bundles <ClickToCall/> from the installed package', () => {
    project.run('npx', ['vite', 'build', '--config', 'react-app/vite.config.mjs']);
    const assets = readdirSync(join(project.dir, 'react-app', 'dist', 'assets'));
    const bundle = assets.find((file) => file.endsWith('.js'))!;
    const code = readFileSync(join(project.dir, 'react-app', 'dist', 'assets', bundle), 'utf8');
    expect(code).toContain('rb-ctc');
  });

  it('@ringback/embed: ringback.js from the installed package on a plain page in Chromium', () => {
    expect(JSON.parse(project.run('node', ['embed-page.mjs']))).toEqual({ ended: 'completed' });
  });

  it('installs nothing from the repository', () => {
    const installed = readdirSync(join(project.dir, 'node_modules', '@ringback'));
    expect(installed.length).toBeGreaterThan(0);
    expect(project.dir.startsWith(repoRoot)).toBe(false);
  });
});
