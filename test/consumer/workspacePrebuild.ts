import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot } from './packWorkspace.js';

export interface Prebuild {
  /** The exact version the workspace installed: the consumer must ask for this one. */
  version: string;
  /** Environment for `npm install` that makes the package's install script use it. */
  env: Record<string, string>;
}

/**
 * The workspace's compiled copy of a native package (installed through `prebuild-install`,
 * as better-sqlite3 is), packed as the prebuilt binary its install script looks for.
 *
 * Online, `prebuild-install` downloads that binary from the package's releases; these
 * machines reach only the npm registry, so every install compiled SQLite from source
 * again (about two minutes of the consumer test). The workspace already holds the
 * same version compiled on this machine, which is what the download would have been.
 * Returns `undefined` when the workspace has no compiled copy, so npm builds it.
 */
export function workspacePrebuild(name: string, destination: string): Prebuild | undefined {
  const require = createRequire(join(repoRoot, 'packages', 'server', 'package.json'));
  const dir = dirname(require.resolve(`${name}/package.json`));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const binary = join('build', 'Release', `${name.replaceAll('-', '_')}.node`);
  if (!existsSync(join(dir, binary))) return undefined;
  // prebuild-install's file name: {name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}.tar.gz
  const file = `${name}-v${manifest.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(destination, file), '-C', dir, binary]);
  const envPrefix = `npm_config_${name.replace(/[^a-zA-Z0-9]/g, '_')}`;
  return { version: manifest.version, env: { [`${envPrefix}_local_prebuilds`]: destination } };
}
