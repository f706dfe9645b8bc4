import { describe, expect, it } from 'vitest';
import { parseCliArgs, USAGE } from './cliArgs.js';

describe('parseCliArgs', () => {
  it('has dev defaults', () => {
    expect(parseCliArgs([], {})).toEqual({
      ok: true,
      config: {
        port: 4010,
        host: '127.0.0.1',
        quiet: false,
        simulator: {
          accountSid: 'ringbacksim',
          apiKey: 'sim-api-key',
          apiToken: 'sim-api-token',
          clock: 'real',
          speed: 1,
          seed: undefined,
          controlApi: true,
        },
      },
    });
  });

  it('reads every flag, and flags win over the environment', () => {
    const env = {
      EXOTEL_ACCOUNT_SID: 'envsid',
      EXOTEL_API_KEY: 'envkey',
      EXOTEL_API_TOKEN: 'envtoken',
    };
    const parsed = parseCliArgs(
      [
        '--port',
        '0',
        '--host',
        '::1',
        '--api-key',
        'flagkey',
        '--speed',
        '10',
        '--seed',
        '7',
        '--no-control-api',
        '--quiet',
      ],
      env,
    );
    expect(parsed).toEqual({
      ok: true,
      config: {
        port: 0,
        host: '::1',
        quiet: true,
        simulator: {
          accountSid: 'envsid',
          apiKey: 'flagkey',
          apiToken: 'envtoken',
          clock: 'real',
          speed: 10,
          seed: 7,
          controlApi: false,
        },
      },
    });
    expect(parseCliArgs(['--manual-clock'], {})).toMatchObject({
      config: { simulator: { clock: 'manual' } },
    });
  });

  it('reads the callback events the account honours', () => {
    expect(parseCliArgs(['--callback-events', 'terminal'], {})).toMatchObject({
      config: { simulator: { callbackEvents: ['terminal'] } },
    });
    expect(parseCliArgs(['--callback-events', ' answered , terminal'], {})).toMatchObject({
      config: { simulator: { callbackEvents: ['answered', 'terminal'] } },
    });
  });

  it.each([
    [['--port', 'http'], /--port/],
    [['--port', '70000'], /--port/],
    [['--speed', '0'], /--speed/],
    [['--speed', 'fast'], /--speed/],
    [['--seed', '-1'], /--seed/],
    [['--callback-events', 'ringing'], /--callback-events: Unknown callback event "ringing"/],
    [['--callback-events', 'terminal,terminal'], /--callback-events: .*repeat/],
    [['--speed', '2', '--manual-clock'], /cannot be combined/],
    [['--frobnicate'], /Unknown option/],
    [['extra'], /positional/],
  ])('refuses %j', (argv, message) => {
    const parsed = parseCliArgs(argv, {});
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });

  it('shows help', () => {
    expect(parseCliArgs(['-h'], {})).toEqual({ ok: false, help: true, message: USAGE });
  });
});
