import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createBatchedWriter, MAX_BATCH_CHARS } from './batchedWriter.js';

/** A writer whose turns end when the test says so. */
function manual() {
  const chunks: string[] = [];
  const turnEnds: (() => void)[] = [];
  const writer = createBatchedWriter(
    (chunk) => chunks.push(chunk),
    (flush) => turnEnds.push(flush),
  );
  const endTurn = () => {
    for (const flush of turnEnds.splice(0)) flush();
  };
  return { chunks, writer, endTurn };
}

describe('createBatchedWriter', () => {
  it('writes the lines of one turn together, in order, once the turn ends', () => {
    const { chunks, writer, endTurn } = manual();
    writer.write('a\n');
    writer.write('b\n');
    writer.write('c\n');
    expect(chunks).toEqual([]);
    endTurn();
    expect(chunks).toEqual(['a\nb\nc\n']);
    writer.write('d\n');
    endTurn();
    expect(chunks).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('writes a batch that reaches the cap at once, and the rest at the end of the turn', () => {
    const { chunks, writer, endTurn } = manual();
    const line = `${'x'.repeat(1023)}\n`;
    const perBatch = MAX_BATCH_CHARS / line.length;
    for (let i = 0; i < perBatch + 3; i++) writer.write(line);
    expect(chunks).toEqual([line.repeat(perBatch)]);
    endTurn();
    expect(chunks).toEqual([line.repeat(perBatch), line.repeat(3)]);
  });

  it('flushes what is queued now, writes nothing twice and nothing empty', () => {
    const { chunks, writer, endTurn } = manual();
    writer.flush();
    writer.write('a\n');
    writer.flush();
    endTurn();
    writer.flush();
    expect(chunks).toEqual(['a\n']);
  });

  it('waits for the end of the turn, not for a timer', async () => {
    const chunks: string[] = [];
    const writer = createBatchedWriter((chunk) => chunks.push(chunk));
    writer.write('a\n');
    await Promise.resolve();
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['a\n']);
  });

  it('loses nothing queued when the process dies of an uncaught exception, flushed on exit as the bin does', () => {
    const script = `
      import { createBatchedWriter } from './src/log/batchedWriter.ts';
      const out = createBatchedWriter((chunk) => process.stdout.write(chunk));
      process.once('exit', out.flush);
      out.write('first\\n');
      setImmediate(() => {
        out.write('second\\n');
        throw new Error('boom');
      });
    `;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: new URL('../..', import.meta.url), encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('boom');
    expect(run.stdout).toBe('first\nsecond\n');
  });
});
