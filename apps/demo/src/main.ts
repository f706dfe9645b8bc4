import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DemoConfigError, readDemoConfig } from './readDemoConfig.js';
import { startDemo } from './startDemo.js';

const appDir = resolve(import.meta.dirname, '..');
const siteDir = join(appDir, 'dist', 'site');
const docsDir = join(appDir, 'dist', 'docs');

async function main(): Promise<void> {
  const config = readDemoConfig(process.env, join(appDir, 'data'));
  if (!existsSync(join(siteDir, 'index.html'))) {
    throw new DemoConfigError('The demo website is not built: run `pnpm start` (it builds first).');
  }
  const demo = await startDemo({ ...config, siteDir, docsDir, env: process.env });
  const upstream =
    config.upstream.kind === 'exotel'
      ? `Exotel (${config.upstream.region} cluster, account ${config.upstream.accountSid}; callbacks to ${config.upstream.publicUrl})`
      : 'the local Exotel simulator (set the EXOTEL_* and RINGBACK_* variables in the README for real calls)';
  console.log(
    [
      '',
      `  Ringback demo: ${demo.url}`,
      '',
      `  website          ${demo.url}/`,
      `  script-tag embed ${demo.url}/embed`,
      ...(demo.simulator ? [`  phone simulator  ${demo.url}/phones`] : []),
      `  API reference    ${demo.url}/docs/`,
      `  operator console ${demo.url}/ringback/console/`,
      `                   log in as ${demo.operator.email}, password ${demo.operator.password}`,
      '',
      `  upstream: ${upstream}`,
      `  data: ${config.dataDir}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof DemoConfigError ? `ringback demo: ${error.message}` : error);
  process.exit(1);
});
