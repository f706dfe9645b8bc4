// The `console` configuration (named refusals, defaults, redaction), the bin reading it,
// and the bin's `hash-password` and `new-api-token` commands as real processes.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findApiToken } from '../src/admin/apiTokens.js';
import { verifyPassword } from '../src/admin/passwords.js';
import { loadBinConfig, USAGE } from '../src/bin/loadBinConfig.js';
import {
  type CommandIo,
  type OperatorCommand,
  runOperatorCommand,
} from '../src/bin/operatorCommands.js';
import { validateConfig } from '../src/config/validateConfig.js';
import type { RingbackConfig } from '../src/domain/RingbackConfig.js';
import { RingbackConfigError } from '../src/domain/RingbackConfigError.js';
import { redactingLogger } from '../src/log/redactingLogger.js';
import { ADMIN, PASSWORD, passwordHash } from './adminHarness.js';

const PACKAGE = resolve(import.meta.dirname, '..');

const base: RingbackConfig = {
  exotel: { accountSid: 'acme', apiKey: 'key-123', apiToken: 'token-456' },
  secret: 'k7Qv2mXp9LsR4tWz8YbN3cFh6JdG1aEu',
  publicBaseUrl: 'https://shop.example.com/ringback',
  widgets: [
    {
      id: 'support',
      from: '+919876543210',
      callerId: '08047112400',
      countries: ['IN'],
      allowedOrigins: ['https://shop.example.com'],
    },
  ],
};
const TOKEN_HASH = `sha256:${'ab'.repeat(32)}`;

function issues(console: unknown): string[] {
  try {
    validateConfig({ ...base, console } as RingbackConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(RingbackConfigError);
    return (error as RingbackConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

/** Runs the bin with `args`, `input` on stdin; resolves its exit code and output. */
function bin(
  args: string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@ringback/source', 'src/bin.ts', ...args],
      { cwd: PACKAGE, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.once('exit', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('the console configuration', () => {
  it('fills in defaults and keeps emails without regard to case', async () => {
    const hash = await passwordHash();
    const resolved = validateConfig({
      ...base,
      console: { operators: [{ email: 'Asha@Shop.Example', passwordHash: hash, role: 'admin' }] },
    });
    expect(resolved.console).toEqual({
      operators: new Map([[ADMIN, { email: ADMIN, passwordHash: hash, role: 'admin' }]]),
      apiTokens: [],
      sessionMs: 43_200_000,
      timeZone: 'UTC',
      loginLimits: {
        address: { limit: 10, windowSeconds: 900 },
        account: { limit: 5, windowSeconds: 900 },
      },
      assetsDir: undefined,
    });
    expect(validateConfig(base).console).toBeUndefined();
  });

  it('names every bad field: email, duplicates, hash format and strength, role, token names and hashes', async () => {
    const hash = await passwordHash();
    const weak = hash.replace('scrypt$32768$', 'scrypt$1024$');
    expect(
      issues({
        operators: [
          { email: 'asha', passwordHash: hash, role: 'admin' },
          { email: ADMIN, passwordHash: 'hunter2', role: 'owner' },
          { email: 'ASHA@shop.example', passwordHash: weak, role: 'viewer' },
          {
            email: 'ravi@shop.example',
            passwordHash: hash.replace('scrypt$32768$', 'scrypt$3000$'),
            role: 'viewer',
          },
        ],
        apiTokens: [
          { name: 'ci', tokenHash: TOKEN_HASH, role: 'viewer' },
          { name: 'ci', tokenHash: 'sha256:XYZ', role: 'viewer' },
          { name: 'a b', tokenHash: TOKEN_HASH, role: 'viewer' },
        ],
        sessionSeconds: 10,
        timeZone: 'Mars/Olympus',
        loginLimits: { address: { limit: 0, windowSeconds: 60 } },
        extra: true,
      }),
    ).toEqual([
      'console.extra: unknown field',
      'console.operators[0].email: must be an email address like "asha@shop.example"',
      'console.operators[1].passwordHash: must be an scrypt hash "scrypt$N$r$p$salt$key" (16-byte salt and 32-byte key in base64url); make one with `ringback-server hash-password`',
      'console.operators[1].role: must be "viewer", "operator" or "admin"',
      'console.operators[2].passwordHash: is weaker than scrypt N=32768, r=8; make one with `ringback-server hash-password`',
      'console.operators[3].passwordHash: has scrypt parameters out of range (N a power of two, p 1–16, 128·N·r at most 256 MiB); make one with `ringback-server hash-password`',
      'console.operators[2].email: duplicate email "ASHA@shop.example"',
      'console.apiTokens[1].tokenHash: must be "sha256:" and 64 lowercase hex digits; make a token with `ringback-server new-api-token`',
      'console.apiTokens[2].name: must be 1 to 64 letters, digits, "_", "." or "-"',
      'console.apiTokens[1].name: duplicate token name "ci"',
      'console.sessionSeconds: must be an integer from 300 to 2592000',
      'console.timeZone: "Mars/Olympus" is not an IANA time zone (e.g. "Asia/Kolkata")',
      'console.loginLimits.address.limit: must be an integer from 1 to 1000000',
    ]);
    expect(issues({ operators: [] })).toEqual([
      'console.operators: must be a non-empty list of operators',
    ]);
  });

  it('never lets a hash reach the log', async () => {
    const hash = await passwordHash();
    const resolved = validateConfig({
      ...base,
      console: {
        operators: [{ email: ADMIN, passwordHash: hash, role: 'admin' }],
        apiTokens: [{ name: 'ci', tokenHash: TOKEN_HASH, role: 'viewer' }],
      },
    });
    const lines: unknown[] = [];
    const log = redactingLogger(
      { info: (e) => lines.push(e), warn: (e) => lines.push(e), error: (e) => lines.push(e) },
      resolved.redact,
    );
    log.error({ msg: 'oops', config: { hash, token: TOKEN_HASH } });
    expect(JSON.stringify(lines)).not.toContain(hash.split('$').at(-1));
    expect(JSON.stringify(lines)).not.toContain('ab'.repeat(32));
  });

  it('is read by the bin from its config file like every other setting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ringback-bin-console-'));
    try {
      const console = {
        operators: [{ email: ADMIN, passwordHash: await passwordHash(), role: 'admin' }],
      };
      await writeFile(join(dir, 'ringback.json'), JSON.stringify({ ...base, console }));
      const options = loadBinConfig(['--config', 'ringback.json', '--store', 'memory'], {}, dir);
      expect('config' in options && options.config.console).toEqual(console);
      expect(loadBinConfig(['hash-password'], {}, dir)).toEqual({ command: 'hash-password' });
      expect(loadBinConfig(['new-api-token'], {}, dir)).toEqual({ command: 'new-api-token' });
      expect(() => loadBinConfig(['hash-password', 'x'], {}, dir)).toThrow(RingbackConfigError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('ringback-server hash-password and new-api-token', () => {
  /** The commands in this process, with stdin and the outputs in memory. */
  async function run(command: OperatorCommand, stdin: CommandIo['stdin']) {
    let stdout = '';
    let stderr = '';
    const code = await runOperatorCommand(command, {
      stdin,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  }

  it('hashes a piped password (its newline dropped) into a hash the server accepts (the real bin)', async () => {
    const made = await bin(['hash-password'], `${PASSWORD}\n`);
    expect(made.code).toBe(0);
    const hash = made.stdout.trim();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword(hash, PASSWORD)).toBe(true);
    expect(await verifyPassword(hash, `${PASSWORD}\n`)).toBe(false);
    expect(issues({ operators: [{ email: ADMIN, passwordHash: hash, role: 'admin' }] })).toEqual(
      [],
    );
  });

  it('refuses a short password, and two lines, with a clear message and exit code 1', async () => {
    const short = await run('hash-password', Readable.from(['too short\r\n']));
    expect(short).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'The password is too short: 9 characters; use at least 12 (a passphrase of a few words is best).\n',
    });
    const lines = await run('hash-password', Readable.from(['one long line\nand another\n']));
    expect(lines).toMatchObject({ code: 1, stderr: 'Give one password, on one line.\n' });
  });

  it('reads a typed password without echoing it, backspaces included', async () => {
    const modes: boolean[] = [];
    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      setRawMode: (raw: boolean) => modes.push(raw),
    });
    const typed = run('hash-password', tty);
    tty.write(`${PASSWORD}xy\u007f\u007f`);
    tty.write('\r');
    const { code, stdout, stderr } = await typed;
    expect(code).toBe(0);
    expect(stderr).toBe('Password (not shown): \n');
    expect(modes).toEqual([true, false]);
    expect(await verifyPassword(stdout.trim(), PASSWORD)).toBe(true);
  });

  it('prints a new API token and the hash to configure for it', async () => {
    const { code, stdout } = await run('new-api-token', Readable.from([]));
    expect(code).toBe(0);
    const token = /token: +(rbk_[A-Za-z0-9_-]{43})/.exec(stdout)![1]!;
    const tokenHash = /tokenHash: +(sha256:[0-9a-f]{64})/.exec(stdout)![1]!;
    const resolved = validateConfig({
      ...base,
      console: {
        operators: [{ email: ADMIN, passwordHash: await passwordHash(), role: 'admin' }],
        apiTokens: [{ name: 'ci', tokenHash, role: 'operator' }],
      },
    });
    expect(await findApiToken(resolved.console!.apiTokens, token)).toMatchObject({ name: 'ci' });
    expect(
      await findApiToken(resolved.console!.apiTokens, `${token.slice(0, -1)}x`),
    ).toBeUndefined();
  });

  it('documents both in --help', () => {
    expect(USAGE).toContain('ringback-server hash-password');
    expect(USAGE).toContain('ringback-server new-api-token');
  });
});
