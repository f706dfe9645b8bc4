#!/usr/bin/env node
// `ringback-server`: the proxy as a standalone HTTP server, for deployments that do
// not mount it in their own app.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EXOTEL_BASE_URLS } from '@ringback/exotel';
import { loadBinConfig, USAGE } from './bin/loadBinConfig.js';
import { runOperatorCommand } from './bin/operatorCommands.js';
import { createRingbackServer } from './createRingbackServer.js';
import { createJsonLogger } from './domain/logger.js';
import type { RingbackConfig } from './domain/RingbackConfig.js';
import { RingbackConfigError } from './domain/RingbackConfigError.js';
import { createBatchedWriter } from './log/batchedWriter.js';
import { redactingLogger } from './log/redactingLogger.js';
import { createNodeListener } from './node/index.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** The store for the start-up log line, without a Redis password. */
function describeStore(store: RingbackConfig['store']): unknown {
  if (!store || !('type' in store) || store.type !== 'redis') return store;
  const url = new URL(store.url);
  if (url.password) url.password = '***';
  return { ...store, url: url.toString() };
}

async function main(): Promise<number> {
  // One write per event-loop turn, however many lines it logged: under load that is one
  // system call, and one wake-up of the log collector, instead of one per line.
  const out = createBatchedWriter((chunk) => process.stdout.write(chunk));
  // Writes to a pipe or a file are synchronous here, so what was queued is out before the
  // process ends, whether it stopped, returned an exit code or died of an exception.
  process.once('exit', out.flush);
  const log = createJsonLogger(out.write);
  let options: ReturnType<typeof loadBinConfig>;
  try {
    options = loadBinConfig(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    if (error instanceof RingbackConfigError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if ('command' in options)
    return runOperatorCommand(options.command, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
    });
  if ('help' in options) {
    process.stdout.write(USAGE);
    return 0;
  }
  if ('version' in options) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }

  let ringback: ReturnType<typeof createRingbackServer>;
  try {
    ringback = createRingbackServer({ ...options.config, logger: log });
    await ringback.ready();
  } catch (error) {
    if (error instanceof RingbackConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    // Could contain configuration values: redact the known secrets before printing.
    const secrets = [
      options.config.secret,
      options.config.exotel?.apiKey,
      options.config.exotel?.apiToken,
    ].filter((s): s is string => !!s);
    redactingLogger(log, secrets).error({ msg: 'cannot start', error });
    return 1;
  }

  let stopping = false;
  const http = createServer(
    {
      // A client must send its headers within 10 s and its whole request within 30 s
      // (event streams stay open for minutes: only the request has to arrive in time).
      // Checked every second, so a slow sender is cut near those marks, not 30 s later.
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      connectionsCheckingInterval: 1000,
    },
    createNodeListener(ringback),
  );
  http.maxConnections = options.maxConnections;
  http.on('request', (_req, res) => {
    // While stopping, a keep-alive socket is closed as soon as its last response is out.
    res.once('finish', () => {
      if (stopping) setImmediate(() => http.closeIdleConnections());
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  log.info({
    msg: 'listening',
    url: `http://${shownHost}:${port}`,
    publicBaseUrl: options.config.publicBaseUrl,
    exotel:
      options.config.exotel?.baseUrl ??
      EXOTEL_BASE_URLS[options.config.exotel?.region ?? 'singapore'],
    store: describeStore(options.config.store),
  });

  return new Promise<number>((resolve) => {
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ msg: 'shutting down', signal });
      const force = setTimeout(() => {
        log.warn({ msg: 'forced shutdown: requests still open', timeoutMs: SHUTDOWN_TIMEOUT_MS });
        http.closeAllConnections();
        resolve(1);
      }, SHUTDOWN_TIMEOUT_MS);
      force.unref();
      // Stop accepting, end event streams, let requests in flight finish, then close the store.
      const closed = new Promise<void>((done) => http.close(() => done()));
      http.closeIdleConnections();
      await ringback.close();
      http.closeIdleConnections();
      await closed;
      clearTimeout(force);
      log.info({ msg: 'stopped' });
      resolve(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `ringback-server failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
