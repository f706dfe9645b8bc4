// With no logger configured, what goes wrong upstream is still said: on stderr, one
// readable line per warning or error, secrets and the visitor's number left out.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function run(...args: string[]) {
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@ringback/source',
      'test/fixtures/defaultLogging.ts',
      ...args,
    ],
    { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('the default logger', () => {
  it('says on stderr why Exotel refused the call, without secrets or the number', () => {
    const { status, stdout, stderr } = run();
    expect(status).toBe(0);
    // The visitor reads a neutral refusal…
    expect(stdout.trim()).toBe('503 service_unavailable');
    // …and the operator the reason, in one line.
    const lines = stderr.trim().split('\n');
    const line = lines.find((l) => l.startsWith('ringback error: exotel refused the call'));
    expect(line, stderr).toBeDefined();
    expect(line).toMatch(/widgetId=support/);
    expect(line).toMatch(/"status":401/);
    for (const secret of ['token-default-logging', 'key-default-logging', '9812345678'])
      expect(stderr).not.toContain(secret);
  });

  it('is silenced by logger: false', () => {
    const { status, stdout, stderr } = run('--silent');
    expect(status).toBe(0);
    expect(stdout.trim()).toBe('503 service_unavailable');
    expect(stderr).not.toContain('ringback');
  });
});
