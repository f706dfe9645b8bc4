import { describe, expect, it } from 'vitest';
import { DemoConfigError, EXOTEL_VARIABLES, readDemoConfig } from './readDemoConfig.js';

const REAL = {
  EXOTEL_ACCOUNT_SID: 'acme1',
  EXOTEL_API_KEY: 'key',
  EXOTEL_API_TOKEN: 'token',
  EXOTEL_REGION: 'mumbai',
  RINGBACK_AGENT_NUMBER: '+919876543210',
  RINGBACK_CALLER_ID: '08047112400',
  RINGBACK_PUBLIC_URL: 'https://demo.example.com/',
};

describe('readDemoConfig', () => {
  it('uses the simulator on 127.0.0.1:5173 when no Exotel variable is set', () => {
    expect(readDemoConfig({}, '/data')).toEqual({
      host: '127.0.0.1',
      port: 5173,
      dataDir: '/data',
      upstream: { kind: 'simulator' },
    });
  });

  it('uses real Exotel when every variable is set', () => {
    expect(readDemoConfig({ ...REAL, PORT: '8080' }, '/data')).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/data',
      upstream: {
        kind: 'exotel',
        accountSid: 'acme1',
        apiKey: 'key',
        apiToken: 'token',
        region: 'mumbai',
        agentNumber: '+919876543210',
        callerId: '08047112400',
        publicUrl: 'https://demo.example.com',
      },
    });
  });

  it.each(EXOTEL_VARIABLES)('refuses a partial Exotel setup missing %s', (name) => {
    const env: Record<string, string | undefined> = { ...REAL, [name]: undefined };
    expect(() => readDemoConfig(env, '/data')).toThrow(
      new DemoConfigError(
        `To use real Exotel set all of ${EXOTEL_VARIABLES.join(', ')}; missing: ${name}. Unset them all to use the simulator.`,
      ),
    );
  });

  it('refuses a bad region, a public URL Exotel could not reach, and a bad port', () => {
    expect(() => readDemoConfig({ ...REAL, EXOTEL_REGION: 'delhi' }, '/d')).toThrow(
      /EXOTEL_REGION/,
    );
    expect(() =>
      readDemoConfig({ ...REAL, RINGBACK_PUBLIC_URL: 'http://127.0.0.1' }, '/d'),
    ).toThrow(/https:\/\//);
    expect(() => readDemoConfig({ PORT: 'eighty' }, '/d')).toThrow(/PORT/);
  });
});
