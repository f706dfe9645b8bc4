/** Where calls go: the in-process simulator, or a real Exotel account. */
export type DemoUpstream =
  | { kind: 'simulator' }
  | {
      kind: 'exotel';
      accountSid: string;
      apiKey: string;
      apiToken: string;
      region: 'singapore' | 'mumbai';
      agentNumber: string;
      callerId: string;
      publicUrl: string;
    };

export interface DemoConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Folder for the SQLite database and the generated secret. */
  dataDir: string;
  upstream: DemoUpstream;
}

/** The variables that, all set, switch the demo from the simulator to real Exotel. */
export const EXOTEL_VARIABLES = [
  'EXOTEL_ACCOUNT_SID',
  'EXOTEL_API_KEY',
  'EXOTEL_API_TOKEN',
  'EXOTEL_REGION',
  'RINGBACK_AGENT_NUMBER',
  'RINGBACK_CALLER_ID',
  'RINGBACK_PUBLIC_URL',
] as const;

export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
}

/**
 * Reads the demo's settings from the environment. None of the Exotel variables set
 * means the simulator; all of them set means real Exotel; anything in between is a
 * mistake worth stopping for, since it would otherwise quietly use the simulator.
 */
export function readDemoConfig(
  env: Record<string, string | undefined>,
  defaultDataDir: string,
): DemoConfig {
  const port = Number(env.PORT ?? env.RINGBACK_DEMO_PORT ?? 5173);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new DemoConfigError(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  }
  const base = {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: env.RINGBACK_DEMO_DATA ?? defaultDataDir,
  };
  const set = EXOTEL_VARIABLES.filter((name) => env[name]);
  if (set.length === 0) return { ...base, upstream: { kind: 'simulator' } };
  const missing = EXOTEL_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new DemoConfigError(
      `To use real Exotel set all of ${EXOTEL_VARIABLES.join(', ')}; missing: ${missing.join(', ')}. Unset them all to use the simulator.`,
    );
  }
  const region = env.EXOTEL_REGION;
  if (region !== 'singapore' && region !== 'mumbai') {
    throw new DemoConfigError(
      `EXOTEL_REGION must be singapore or mumbai, got ${JSON.stringify(region)}`,
    );
  }
  const publicUrl = env.RINGBACK_PUBLIC_URL!;
  if (!/^https:\/\//.test(publicUrl)) {
    throw new DemoConfigError(
      'RINGBACK_PUBLIC_URL must be the https:// address where Exotel can reach this demo (a tunnel to it, for example)',
    );
  }
  return {
    ...base,
    upstream: {
      kind: 'exotel',
      accountSid: env.EXOTEL_ACCOUNT_SID!,
      apiKey: env.EXOTEL_API_KEY!,
      apiToken: env.EXOTEL_API_TOKEN!,
      region,
      agentNumber: env.RINGBACK_AGENT_NUMBER!,
      callerId: env.RINGBACK_CALLER_ID!,
      publicUrl: publicUrl.replace(/\/+$/, ''),
    },
  };
}
