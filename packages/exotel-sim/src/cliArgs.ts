import { parseArgs } from 'node:util';
import { CALLBACK_EVENTS, checkCallbackEvents } from './callbackEvents.js';
import { DEFAULT_CREDENTIALS, type ExotelSimulatorOptions } from './createExotelSimulator.js';
import type { StatusCallbackEventType } from './validateConnect.js';

export const USAGE = `Usage: ringback-sim [options]

A local Exotel (Voice v1 "connect two numbers") for development and tests.

Options:
  --port <n>            port to listen on; 0 picks a free one   (default 4010)
  --host <host>         interface to listen on                   (default 127.0.0.1)
  --account-sid <sid>   Exotel account SID to accept   (env EXOTEL_ACCOUNT_SID, default ${DEFAULT_CREDENTIALS.accountSid})
  --api-key <key>       API key to accept               (env EXOTEL_API_KEY, default ${DEFAULT_CREDENTIALS.apiKey})
  --api-token <token>   API token to accept             (env EXOTEL_API_TOKEN, default ${DEFAULT_CREDENTIALS.apiToken})
  --speed <x>           run simulated time x times faster than real time (default 1)
  --manual-clock        time moves only on POST /_sim/clock/advance
  --seed <n>            seed for probabilistic faults and wire shapes, to replay a run
  --callback-events <list>  StatusCallbackEvents the account honours, comma-separated;
                        'terminal' suppresses answered callbacks (default terminal,answered)
  --no-control-api      do not mount the /_sim control API
  --quiet               do not log requests
  -h, --help            show this help
`;

export interface CliConfig {
  port: number;
  host: string;
  quiet: boolean;
  simulator: ExotelSimulatorOptions;
}

export type CliParse =
  | { ok: true; config: CliConfig }
  | { ok: false; help: boolean; message: string };

/** Reads `ringback-sim`'s flags; flags win over `EXOTEL_*` environment variables. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined>): CliParse {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { ok: false, help: false, message: (error as Error).message };
  }
  if (values.help) return { ok: false, help: true, message: USAGE };

  const port = Number(values.port ?? '4010');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    return {
      ok: false,
      help: false,
      message: `--port must be a port number, got '${values.port}'`,
    };
  }
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0) || !Number.isFinite(speed)) {
    return {
      ok: false,
      help: false,
      message: `--speed must be a positive number, got '${values.speed}'`,
    };
  }
  if (values.speed !== undefined && values['manual-clock']) {
    return { ok: false, help: false, message: '--speed and --manual-clock cannot be combined' };
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      return {
        ok: false,
        help: false,
        message: `--seed must be a whole number, got '${values.seed}'`,
      };
    }
  }
  let callbackEvents: StatusCallbackEventType[] | undefined;
  if (values['callback-events'] !== undefined) {
    const list = values['callback-events']
      .split(',')
      .map((event) => event.trim())
      .filter(Boolean);
    const problem = checkCallbackEvents(list);
    if (problem) {
      return {
        ok: false,
        help: false,
        message: `--callback-events: ${problem} (${CALLBACK_EVENTS.join(', ')})`,
      };
    }
    callbackEvents = list as StatusCallbackEventType[];
  }
  const pick = (flag: string | undefined, name: string, fallback: string) => {
    const value = flag ?? env[name];
    return value === undefined || value === '' ? fallback : value;
  };
  return {
    ok: true,
    config: {
      port,
      host: values.host ?? '127.0.0.1',
      quiet: values.quiet ?? false,
      simulator: {
        accountSid: pick(
          values['account-sid'],
          'EXOTEL_ACCOUNT_SID',
          DEFAULT_CREDENTIALS.accountSid,
        ),
        apiKey: pick(values['api-key'], 'EXOTEL_API_KEY', DEFAULT_CREDENTIALS.apiKey),
        apiToken: pick(values['api-token'], 'EXOTEL_API_TOKEN', DEFAULT_CREDENTIALS.apiToken),
        clock: values['manual-clock'] ? 'manual' : 'real',
        speed,
        seed,
        controlApi: !values['no-control-api'],
        ...(callbackEvents ? { callbackEvents } : {}),
      },
    },
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'account-sid': { type: 'string' },
      'api-key': { type: 'string' },
      'api-token': { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      'callback-events': { type: 'string' },
      'manual-clock': { type: 'boolean' },
      // Declared explicitly: parseArgs' allowNegative needs Node 22.
      'no-control-api': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
