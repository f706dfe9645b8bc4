import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Tools the consumer project needs beside the packages under test, pinned to what runs on Node 20. */
const TOOLING: Record<string, string> = {
  typescript: '5.9.3',
  '@types/node': '^20.19.0',
};

export interface ConsumerProject {
  dir: string;
  run(command: string, args: string[], options?: { env?: Record<string, string> }): string;
}

/**
 * A fresh npm project in the system temp folder (outside the repository, so nothing
 * resolves through workspace links) with the tarballs installed by npm. Each
 * `@ringback/*` dependency of a tarball is pinned to its sibling tarball through
 * `overrides`, as the registry would serve it after a release.
 */
export function createConsumerProject(
  tarballs: Map<string, string>,
  extraDependencies: Record<string, string> = {},
  installEnv: Record<string, string> = {},
): ConsumerProject {
  const dir = mkdtempSync(join(tmpdir(), 'ringback-consumer-'));
  const local = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'ringback-consumer',
        private: true,
        type: 'module',
        dependencies: { ...local, ...TOOLING, ...extraDependencies },
        overrides: local,
      },
      null,
      2,
    )}\n`,
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'pipe',
    env: { ...process.env, ...installEnv, npm_config_workspaces: 'false' },
  });
  return {
    dir,
    run(command, args, options = {}) {
      try {
        return execFileSync(command, args, {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, ...options.env },
          stdio: 'pipe',
        });
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(
          `${command} ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`,
        );
      }
    },
  };
}
