/** A batch this large is written at once rather than at the end of the turn. */
export const MAX_BATCH_CHARS = 64 * 1024;

export interface BatchedWriter {
  /** Queues `text` for this event-loop turn's write. */
  write(text: string): void;
  /** Writes whatever is queued, now. */
  flush(): void;
}

/**
 * Joins what is written during one event-loop turn into a single `write`, in order. A
 * busy server answers many requests per turn and logs a line or more for each: written
 * one by one, every line is a system call, and a wake-up of whatever reads the stream (a
 * log collector on the same machine). Batched, a turn costs one of each.
 *
 * Nothing waits longer than the turn (`setImmediate`), and a batch that reaches
 * `MAX_BATCH_CHARS` goes out at once. Call `flush` on exit: only a process killed
 * outright (SIGKILL, a power cut) can lose what one turn queued.
 */
export function createBatchedWriter(
  write: (chunk: string) => void,
  schedule: (flush: () => void) => void = setImmediate,
): BatchedWriter {
  let queued = '';
  let scheduled = false;
  const flush = () => {
    if (queued === '') return;
    const chunk = queued;
    queued = '';
    write(chunk);
  };
  return {
    write(text) {
      queued += text;
      if (queued.length >= MAX_BATCH_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        schedule(() => {
          scheduled = false;
          flush();
        });
      }
    },
    flush,
  };
}
