// `ringback-server hash-password` and `ringback-server new-api-token`: the values the
// `console` configuration holds, made without the secret ever being configured.

import { newApiToken } from '../admin/apiTokens.js';
import { hashPassword } from '../admin/passwords.js';

export const OPERATOR_COMMANDS = ['hash-password', 'new-api-token'] as const;
export type OperatorCommand = (typeof OPERATOR_COMMANDS)[number];

/** Shorter passwords are refused: they fall to a guessing attack despite scrypt. */
export const MIN_PASSWORD_LENGTH = 12;
/** What `logIn` accepts (`LogInRequest.password`). */
const MAX_PASSWORD_LENGTH = 1024;

export interface CommandIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Reads a password typed at a terminal, echoing nothing; rejects on Ctrl-C. */
function readTyped(io: CommandIo): Promise<string> {
  const { stdin, stderr } = io;
  stderr.write('Password (not shown): ');
  stdin.setRawMode?.(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
    };
    const onData = (chunk: string | Buffer) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          return resolve(typed);
        }
        if (char === '\u0003') {
          finish();
          return reject(new Error('canceled'));
        }
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** Reads everything piped in, less one trailing newline. */
async function readPiped(stdin: CommandIo['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Why a password is refused, if it is. */
function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (/[\r\n]/.test(password)) return 'Give one password, on one line.';
  if (length < MIN_PASSWORD_LENGTH)
    return `The password is too short: ${length} characters; use at least ${MIN_PASSWORD_LENGTH} (a passphrase of a few words is best).`;
  if (length > MAX_PASSWORD_LENGTH)
    return `The password is too long: at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}

/** Runs a command; resolves the exit code. */
export async function runOperatorCommand(command: OperatorCommand, io: CommandIo): Promise<number> {
  if (command === 'new-api-token') {
    const { token, tokenHash } = await newApiToken();
    io.stdout.write(
      `token:     ${token}\ntokenHash: ${tokenHash}\n\n` +
        'Give the token to the script (Authorization: Bearer …) and put only the tokenHash in\n' +
        'console.apiTokens: [{ "name": "…", "tokenHash": "…", "role": "viewer" }]. The token is not shown again.\n',
    );
    return 0;
  }
  let password: string;
  try {
    password = io.stdin.isTTY ? await readTyped(io) : await readPiped(io.stdin);
  } catch {
    io.stderr.write('Canceled.\n');
    return 1;
  }
  const problem = passwordProblem(password);
  if (problem) {
    io.stderr.write(`${problem}\n`);
    return 1;
  }
  io.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}
