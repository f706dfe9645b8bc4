import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ConfigField, configFields } from '../config/configFields.js';
import type { RingbackConfig } from '../domain/RingbackConfig.js';
import { type ConfigIssue, RingbackConfigError } from '../domain/RingbackConfigError.js';
import { OPERATOR_COMMANDS, type OperatorCommand } from './operatorCommands.js';

export interface BinOptions {
  config: RingbackConfig;
  port: number;
  host: string;
  /** Open connections the listener accepts at once; more are closed as they arrive. */
  maxConnections: number;
}

export const USAGE = `Usage: ringback-server [--config ringback.json] [--port 8080] [--host 0.0.0.0]
                       [--store sqlite | memory | redis://host:6379]
       ringback-server hash-password
       ringback-server new-api-token

Runs the Ringback click-to-call proxy. Settings come from the JSON config file and
these environment variables, which win over the file:

  EXOTEL_ACCOUNT_SID, EXOTEL_API_KEY, EXOTEL_API_TOKEN   Exotel credentials
  EXOTEL_REGION (singapore | mumbai), EXOTEL_BASE_URL     Exotel cluster or another base URL
  RINGBACK_SECRET            at least 32 characters; signs StatusCallback tokens
  RINGBACK_PUBLIC_URL        public URL of this server, e.g. https://shop.example.com/ringback
  RINGBACK_CONFIG            config file, instead of --config
  RINGBACK_PORT, RINGBACK_HOST                            where to listen (default 8080, 0.0.0.0)
  RINGBACK_MAX_CONNECTIONS                                open connections at once (default 2048)
  RINGBACK_STORE             sqlite (default), memory, or a redis:// URL: instances that
                             share one Redis share calls, limits and live status (--store)
  RINGBACK_DATABASE          SQLite file (default ./ringback.db)
  RINGBACK_TRUST_PROXY       header carrying the client IP from your proxy, e.g. x-forwarded-for
  RINGBACK_TRUST_PROXY_FROM  your proxies' addresses or CIDRs, comma-separated (default: private networks)
  RINGBACK_LOG_REQUESTS      false to stop logging one line per request

The operator console (/console/) is configured in the file's "console" section:

  hash-password              reads a password (at least 12 characters) from stdin, not echoed
                             at a terminal, and prints its scrypt hash for
                             console.operators[].passwordHash
  new-api-token              prints a new API token (for a script's Authorization: Bearer …)
                             and its tokenHash for console.apiTokens[].tokenHash
`;

const BOOLEANS = new Map([
  ['true', true],
  ['1', true],
  ['false', false],
  ['0', false],
]);

/** An environment variable's text as its field's type; `undefined` if it is not one. */
function fromEnvironment(field: ConfigField, raw: string): unknown {
  if (field.schema.type === 'boolean') return BOOLEANS.get(raw.trim().toLowerCase());
  if (field.schema.type === 'number') return raw.trim() && !Number.isNaN(+raw) ? +raw : undefined;
  if (field.schema.type === 'array')
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return raw;
}

/** Sets `keys` in `config`, keeping what the file has beside it (a copy of each object on the way). */
function setField(config: Record<string, unknown>, keys: string[], value: unknown): void {
  let target = config;
  for (const key of keys.slice(0, -1)) {
    const inner = target[key];
    target = target[key] =
      inner && typeof inner === 'object' && !Array.isArray(inner) ? { ...inner } : {};
  }
  target[keys.at(-1)!] = value;
}

function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h' || arg === '--version') {
      args[arg.replace(/^-+/, '')] = 'true';
      continue;
    }
    const m = /^--(config|port|host|store)(?:=(.*))?$/.exec(arg);
    if (!m)
      throw new RingbackConfigError([{ path: arg, message: 'unknown argument (see --help)' }]);
    const value = m[2] ?? argv[++i];
    if (value === undefined)
      throw new RingbackConfigError([{ path: `--${m[1]}`, message: 'needs a value' }]);
    args[m[1]!] = value;
  }
  return args;
}

/**
 * The bin's configuration: the JSON file, then the environment on top, so secrets can
 * stay out of the file. Store defaults to SQLite, the embedded store that survives restarts;
 * `--store redis://…` shares everything between instances.
 */
export function loadBinConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): BinOptions | { help: true } | { version: true } | { command: OperatorCommand } {
  const command = OPERATOR_COMMANDS.find((c) => c === argv[0]);
  if (command) {
    if (argv.length > 1)
      throw new RingbackConfigError([
        { path: argv[1]!, message: `unknown argument to ${command} (see --help)` },
      ]);
    return { command };
  }
  const args = parseArgs(argv);
  if (args.help) return { help: true };
  if (args.version) return { version: true };
  const issues: ConfigIssue[] = [];
  let file: Record<string, unknown> = {};
  const path = args.config ?? env.RINGBACK_CONFIG;
  if (path) {
    try {
      file = JSON.parse(readFileSync(resolve(cwd, path), 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new RingbackConfigError([
        { path: '--config', message: `cannot read ${path}: ${(error as Error).message}` },
      ]);
    }
    if (!file || typeof file !== 'object' || Array.isArray(file))
      throw new RingbackConfigError([
        { path: '--config', message: `${path} must hold a JSON object` },
      ]);
  }
  const config: Record<string, unknown> = { ...file };
  for (const field of configFields()) {
    const raw = field.env && env[field.env];
    if (!raw) continue;
    const value = fromEnvironment(field, raw);
    if (value === undefined)
      issues.push({
        path: field.env!,
        message: `must be ${field.schema.type === 'boolean' ? 'true or false' : 'a number'}`,
      });
    else setField(config, field.keys, value);
  }
  const store = args.store ?? env.RINGBACK_STORE;
  const fileStore = config.store as { type?: string; path?: unknown; prefix?: unknown } | undefined;
  if (store === 'memory') config.store = { type: 'memory' };
  else if (store && /^rediss?:\/\//.test(store)) {
    // A prefix set in the file still applies when the URL comes from the command line.
    const prefix = fileStore?.type === 'redis' ? fileStore.prefix : undefined;
    config.store = { type: 'redis', url: store, ...(prefix !== undefined ? { prefix } : {}) };
  } else if (store !== undefined && store !== 'sqlite') {
    issues.push({
      path: args.store ? '--store' : 'RINGBACK_STORE',
      message: 'must be sqlite, memory or a redis:// (rediss://) URL',
    });
  } else if (env.RINGBACK_DATABASE || store === 'sqlite' || fileStore === undefined) {
    config.store = { type: 'sqlite', path: resolve(cwd, env.RINGBACK_DATABASE ?? 'ringback.db') };
  } else if (fileStore.type === 'sqlite' && typeof fileStore.path === 'string') {
    config.store = { type: 'sqlite', path: resolve(cwd, fileStore.path) };
  }

  const port = Number(args.port ?? env.RINGBACK_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    issues.push({ path: args.port ? '--port' : 'RINGBACK_PORT', message: 'must be a port number' });
  const maxConnections = Number(env.RINGBACK_MAX_CONNECTIONS ?? 2048);
  if (!Number.isInteger(maxConnections) || maxConnections < 1)
    issues.push({
      path: 'RINGBACK_MAX_CONNECTIONS',
      message: 'must be a whole number of connections',
    });
  if (issues.length > 0) throw new RingbackConfigError(issues);
  return {
    config: config as unknown as RingbackConfig,
    port,
    host: args.host ?? env.RINGBACK_HOST ?? '0.0.0.0',
    maxConnections,
  };
}
