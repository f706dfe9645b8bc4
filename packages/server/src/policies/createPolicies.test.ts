import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { CreatePolicy, CreatePolicyContext } from '../domain/CreatePolicy.js';
import { Problem } from '../domain/problem.js';
import { StoreUnavailableError } from '../domain/StoreUnavailableError.js';
import { CREATE_POLICIES, createPolicyOrder, runPolicies } from './createPolicies.js';

const logger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

/** Only what runPolicies itself touches; policies under test read their own fields. */
const context = (log = logger()) => ({ logger: log }) as unknown as CreatePolicyContext;

const policy = (name: string, check: CreatePolicy['check'], extra: Partial<CreatePolicy> = {}) =>
  ({ name, codes: ['number_blocked'], check, ...extra }) satisfies CreatePolicy;

describe('the create policy pipeline', () => {
  it('runs the built-ins in the documented order', () => {
    expect(CREATE_POLICIES.map((p) => p.name)).toEqual([
      'origin',
      'verification',
      'business-hours',
      'phone',
      'schedule',
      'live-call',
      'rate-limits',
    ]);
    expect(CREATE_POLICIES.filter((p) => p.stage === 'request').map((p) => p.name)).toEqual([
      'origin',
    ]);
  });

  it('puts the business’s own policies after the number is read and before the rate limits', () => {
    const a = policy('blocklist', () => undefined);
    const b = policy('crm-lookup', () => undefined);
    expect(createPolicyOrder([a, b]).map((p) => p.name)).toEqual([
      'origin',
      'verification',
      'business-hours',
      'phone',
      'schedule',
      'live-call',
      'blocklist',
      'crm-lookup',
      'rate-limits',
    ]);
    expect(createPolicyOrder([])).toBe(CREATE_POLICIES);
  });

  it('stops at the first refusal, returned or thrown, and runs only the stage asked for', async () => {
    const seen: string[] = [];
    const pass = (name: string, stage?: 'request' | 'call') =>
      policy(name, () => void seen.push(name), stage ? { stage } : {});
    const refuse = policy('refuse', () => {
      seen.push('refuse');
      return new Problem('number_blocked', 'no');
    });
    const never = pass('never');
    await expect(
      runPolicies([pass('early', 'request'), pass('one'), refuse, never], 'call', context()),
    ).rejects.toMatchObject({ code: 'number_blocked' });
    expect(seen).toEqual(['one', 'refuse']);

    seen.length = 0;
    const thrower = policy('thrower', () => {
      throw new Problem('number_blocked', 'thrown');
    });
    await expect(runPolicies([thrower, never], 'call', context())).rejects.toMatchObject({
      detail: 'thrown',
    });
    await runPolicies([pass('early', 'request'), pass('one')], 'request', context());
    expect(seen).toEqual(['early']);
  });

  it('refuses with 503 when a policy cannot decide, and logs why', async () => {
    const log = logger();
    const broken = policy('crm-lookup', async () => {
      throw new Error('CRM timed out');
    });
    const refusal = await runPolicies([broken], 'call', context(log)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Problem);
    expect(refusal).toMatchObject({ code: 'service_unavailable', status: 503 });
    expect((refusal as Problem).extras.retryAfterSeconds).toBe(5);
    expect(log.error).toHaveBeenCalledWith(
      expect.objectContaining({ msg: 'create policy failed', policy: 'crm-lookup' }),
    );
  });

  it('leaves a store outage to the server’s own answer', async () => {
    const down = policy('limits', async () => {
      throw new StoreUnavailableError('redis is away');
    });
    await expect(runPolicies([down], 'call', context())).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });

  it('warns when a policy refuses with a code it did not declare', async () => {
    const log = logger();
    const sloppy = policy('sloppy', () => new Problem('closed', 'closed'));
    await expect(runPolicies([sloppy], 'call', context(log))).rejects.toMatchObject({
      code: 'closed',
    });
    expect(log.warn).toHaveBeenCalledWith(
      expect.objectContaining({ policy: 'sloppy', code: 'closed' }),
    );
  });

  it('is the order the README documents, with each policy’s codes', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = /<!-- create-policies -->([\s\S]*?)<!-- \/create-policies -->/.exec(readme)![1]!;
    const rows = table
      .split('\n')
      .filter((line) => /^\| \d+ \|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    const custom = policy('your', () => undefined);
    expect(rows.map((row) => row[2]!.replace(/`/g, '').replace(', in order', ''))).toEqual(
      createPolicyOrder([custom]).map((p) => (p === custom ? 'your policies' : p.name)),
    );
    for (const builtIn of CREATE_POLICIES) {
      const row = rows.find((r) => r[2] === `\`${builtIn.name}\``)!;
      expect(row[3]).toBe(builtIn.stage ?? 'call');
      for (const code of builtIn.codes) expect(row[4]).toContain(`\`${code}\``);
    }
  });
});
