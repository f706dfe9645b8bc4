import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { checkResponse } from '../test/conformance.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the real bin from source, as a separate process, on a free port. */
function startBin(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@ringback/source', 'src/bin.ts', '--port', '0', ...args],
    {
      cwd: packageDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes('Press Ctrl-C')) {
        resolve({ child, url: match[1]!, output: () => output, exit });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exit.then(({ code }) => reject(new Error(`ringback-sim exited with ${code}:\n${output}`)));
  });
}

/** Sends a request with curl, as Exotel's docs show it; returns it as a fetch Response. */
async function curl(args: string[]): Promise<Response> {
  const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code} %{content_type}', ...args]);
  const cut = stdout.lastIndexOf('\n');
  const [status, contentType] = stdout.slice(cut + 1).split(' ');
  return new Response(stdout.slice(0, cut), {
    status: Number(status),
    headers: { 'content-type': contentType ?? '' },
  });
}

describe('ringback-sim', () => {
  it('answers the documented curl request in XML and JSON, prints its setup, and stops on SIGTERM with 0', async () => {
    const sim = await startBin([
      '--account-sid',
      'acme',
      '--api-key',
      'mykey',
      '--api-token',
      'mytoken',
    ]);
    expect(sim.output()).toContain('EXOTEL_ACCOUNT_SID=acme');
    expect(sim.output()).toContain('EXOTEL_API_KEY=mykey');
    expect(sim.output()).toContain('EXOTEL_API_TOKEN=mytoken');
    expect(sim.output()).toContain(`EXOTEL_BASE_URL=${sim.url}`);
    expect(sim.output()).toContain('StatusCallbackEvents honoured: terminal, answered');
    const withCreds = sim.url.replace('http://', 'http://mykey:mytoken@');

    const xmlUrl = `${withCreds}/v1/Accounts/acme/Calls/connect`;
    const xml = await curl([
      '-X',
      'POST',
      xmlUrl,
      '-d',
      'From=09876543210',
      '-d',
      'To=09812345678',
      '-d',
      'CallerId=08047112400',
    ]);
    const checkedXml = await checkResponse(
      'POST',
      `${sim.url}/v1/Accounts/acme/Calls/connect`,
      xml,
    );
    expect(checkedXml.status).toBe(200);
    expect(checkedXml.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<TwilioResponse>\n <Call>\n {2}<Sid>[0-9a-f]{31}[g-z]<\/Sid>/,
    );
    expect(checkedXml.body.Call).toMatchObject({
      From: '09876543210',
      To: '09812345678',
      Status: 'in-progress',
      EndTime: '',
    });

    // A raw + in curl -d arrives as a space; Exotel-style tolerance still reads the number.
    const json = await curl([
      `${withCreds}/v1/Accounts/acme/Calls/connect.json`,
      '-d',
      'From=+919876543210',
      '-d',
      'To=9812345678',
      '-d',
      'CallerId=08047112400',
    ]);
    const checkedJson = await checkResponse(
      'POST',
      `${sim.url}/v1/Accounts/acme/Calls/connect.json`,
      json,
    );
    // Sent with the country code, echoed in E.164; sent national, echoed with a 0.
    expect(checkedJson.body.Call).toMatchObject({ From: '+919876543210', To: '09812345678' });

    const denied = await curl([
      `${sim.url.replace('http://', 'http://mykey:wrong@')}/v1/Accounts/acme/Calls/connect`,
      '-d',
      'From=1',
    ]);
    expect(
      (await checkResponse('POST', `${sim.url}/v1/Accounts/acme/Calls/connect`, denied)).status,
    ).toBe(401);

    const stats = await curl([`${sim.url}/_sim/stats`]);
    expect(await stats.json()).toMatchObject({ connectRequests: 3, connectsAccepted: 2 });

    sim.child.kill('SIGTERM');
    expect(await sim.exit).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('takes credentials from the environment and can run without the control API', async () => {
    const sim = await startBin(['--no-control-api', '--quiet'], {
      EXOTEL_ACCOUNT_SID: 'envsid',
      EXOTEL_API_KEY: 'envkey',
      EXOTEL_API_TOKEN: 'envtoken',
    });
    const ok = await curl([
      `${sim.url.replace('http://', 'http://envkey:envtoken@')}/v1/Accounts/envsid/Calls/connect.json`,
      '-d',
      'From=09876543210',
      '-d',
      'To=09812345678',
      '-d',
      'CallerId=08047112400',
    ]);
    expect(ok.status).toBe(200);
    expect((await curl([`${sim.url}/_sim/stats`])).status).toBe(404);
    sim.child.kill('SIGINT');
    expect((await sim.exit).code).toBe(0);
  }, 30_000);

  it('refuses bad flags with exit code 2', async () => {
    const result = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=@ringback/source', 'src/bin.ts', '--speed', 'fast'],
      {
        cwd: packageDir,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 2 });
    expect((result as { stderr: string }).stderr).toContain('--speed must be a positive number');
  }, 30_000);
});
