#!/usr/bin/env node
import { parseCliArgs } from './cliArgs.js';
import { createExotelSimulator } from './createExotelSimulator.js';
import { MAGIC_NUMBERS } from './fates.js';
import { listen } from './node.js';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    if (parsed.help) {
      process.stdout.write(parsed.message);
      return;
    }
    process.stderr.write(
      `ringback-sim: ${parsed.message}\nRun ringback-sim --help for the options.\n`,
    );
    process.exitCode = 2;
    return;
  }
  const { config } = parsed;
  const sim = createExotelSimulator(config.simulator);
  const log = (line: string) => {
    if (!config.quiet) process.stdout.write(`${line}\n`);
  };
  const handler = {
    async fetch(request: Request) {
      const response = await sim.fetch(request);
      const { pathname } = new URL(request.url);
      log(
        `${request.method} ${pathname} -> ${response.type === 'error' ? 'reset' : response.status}`,
      );
      return response;
    },
  };

  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen(handler, { port: config.port, host: config.host });
  } catch (error) {
    process.stderr.write(
      `ringback-sim: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`,
    );
    await sim.close();
    process.exitCode = 1;
    return;
  }

  const { accountSid, apiKey, apiToken } = sim.credentials;
  const clock =
    sim.clock.mode === 'manual' ? 'manual (POST /_sim/clock/advance)' : `real, x${sim.clock.speed}`;
  const magic = Object.entries(MAGIC_NUMBERS)
    .map(([digits, { description }]) => `  +91${digits}  ${description}`)
    .join('\n');
  process.stdout.write(
    [
      `ringback-sim: a local Exotel listening on ${running.url}`,
      '',
      'Point your Exotel client at it:',
      `  EXOTEL_BASE_URL=${running.url}`,
      `  EXOTEL_ACCOUNT_SID=${accountSid}`,
      `  EXOTEL_API_KEY=${apiKey}`,
      `  EXOTEL_API_TOKEN=${apiToken}`,
      '',
      `Clock: ${clock}; fault seed: ${sim.seed}`,
      `StatusCallbackEvents honoured: ${sim.callbackEvents().join(', ') || 'none'}`,
      config.simulator.controlApi
        ? `Control API: ${running.url}/_sim`
        : 'Control API: off (--no-control-api)',
      'Magic numbers (any other number answers after 2 s and talks 10 s):',
      magic,
      '  +919001AAMMMM  answers after AA s, talks MMMM s',
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second Ctrl-C means now.
      process.exit(130);
    }
    stopping = true;
    log(`ringback-sim: ${signal}, stopping`);
    await running.close();
    await sim.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`ringback-sim: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
