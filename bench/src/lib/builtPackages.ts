import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGES_DIR = fileURLToPath(new URL('../../../packages/', import.meta.url));

/** The packages the servers under test import, built: the proxy, its dependencies, the simulator. */
export const MEASURED_PACKAGES = ['server', 'exotel', 'exotel-sim', 'protocol', 'console'];

const isTest = (name: string) => /\.test(-d)?\.tsx?$/.test(name);

/** The newest modification time of the non-test files under `dir`, ms. */
function newestMtime(dir: string, keep: (name: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Why the built packages cannot be measured, or `undefined` when they can: a package
 * not built, or a source file (tests aside) changed after its last build. The bench
 * measures `dist/`, so a stale build would time code that is no longer the source.
 */
export function unbuiltPackages(packages = MEASURED_PACKAGES): string | undefined {
  const problems: string[] = [];
  for (const name of packages) {
    const dir = path.join(PACKAGES_DIR, name);
    const dist = path.join(dir, 'dist');
    if (!existsSync(dist)) {
      problems.push(`packages/${name} is not built`);
      continue;
    }
    const built = newestMtime(dist, () => true);
    const source = newestMtime(path.join(dir, 'src'), (file) => !isTest(file));
    if (source > built) problems.push(`packages/${name}/src changed after its last build`);
  }
  return problems.length > 0
    ? `${problems.join('; ')}: run \`pnpm build\` (\`pnpm bench\` builds first)`
    : undefined;
}
