import { describe, expect, it } from 'vitest';
import { createConsoleLogger, type LogEntry, silentLogger } from '../domain/logger.js';
import { redactingLogger } from './redactingLogger.js';

function capture(secrets: string[]) {
  const lines: LogEntry[] = [];
  const push = (e: LogEntry) => lines.push(e);
  return { lines, logger: redactingLogger({ info: push, warn: push, error: push }, secrets) };
}

describe('redactingLogger', () => {
  it('replaces secret values anywhere, secret-named fields and token parameters', () => {
    const { lines, logger } = capture(['s3cr3t-api-token', 'the-server-secret']);
    logger.info({
      msg: 'request',
      path: '/v1/exotel/status-callback?call=call_x&token=abc123',
      nested: { note: 'sent s3cr3t-api-token upstream', list: ['the-server-secret'] },
      authorization: 'Basic eHh4',
      error: new Error('failed with s3cr3t-api-token', { cause: 'the-server-secret' }),
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('s3cr3t-api-token');
    expect(text).not.toContain('the-server-secret');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('eHh4');
    expect(lines[0]).toMatchObject({
      path: '/v1/exotel/status-callback?call=call_x&token=[REDACTED]',
      authorization: '[REDACTED]',
      error: { name: 'Error', message: 'failed with [REDACTED]', cause: '[REDACTED]' },
    });
  });

  it('finds token parameters whatever their case and wherever they are in the text', () => {
    const { lines, logger } = capture([]);
    logger.warn({
      msg: 'x',
      url: 'https://example.com/cb?Token=abc123&attempt=2',
      note: 'retrying https://example.com/x?a=1&SECRET=def456#frag and ?token= too',
      untouched: 'a token=ghi789 outside a query',
    });
    expect(lines[0]).toEqual({
      msg: 'x',
      url: 'https://example.com/cb?Token=[REDACTED]&attempt=2',
      note: 'retrying https://example.com/x?a=1&SECRET=[REDACTED]#frag and ?token=[REDACTED] too',
      untouched: 'a token=ghi789 outside a query',
    });
  });

  it('never lets a throwing logger escape', () => {
    const logger = redactingLogger(
      {
        info() {
          throw new Error('disk full');
        },
        warn() {},
        error() {},
      },
      [],
    );
    expect(() => logger.info({ msg: 'x' })).not.toThrow();
  });
});

describe('redactingLogger over the silent logger', () => {
  it('does no work for entries nobody writes', () => {
    const logger = redactingLogger(silentLogger, ['the-server-secret']);
    expect(logger).toBe(silentLogger);
    let read = false;
    const entry = {
      msg: 'x',
      get field() {
        read = true;
        return 'the-server-secret';
      },
    };
    logger.info(entry);
    logger.error(entry);
    expect(read).toBe(false);
  });

  it("does not scrub entries for a level that drops them (the console logger's info)", () => {
    const lines: string[] = [];
    const logger = redactingLogger(
      createConsoleLogger((line) => lines.push(line)),
      ['s3cret'],
    );
    let reads = 0;
    const entry = {
      msg: 'x',
      get field() {
        reads++;
        return 's3cret';
      },
    };
    logger.info(entry);
    expect(reads).toBe(0);
    logger.warn(entry);
    expect(reads).toBe(1);
    expect(lines).toEqual(['ringback warn: x field="[REDACTED]"']);
  });
});
