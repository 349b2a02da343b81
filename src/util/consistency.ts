/**
 * Reading back after a write. EC2 is eventually consistent: right after a successful write, a
 * DescribeImages may still answer with the old state for a short while. `readUntil` reads again
 * with growing pauses until the answer shows the write, so the old state is never shown as the
 * write's result. No vscode, no SDK: unit-tested in plain mocha.
 */

/** Pauses between reads: about 4 s in all, then the caller says the change is not visible yet. */
export const CONSISTENCY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000];

export interface ReadUntilOptions {
  /** Pauses before each read after the first; their count bounds the retries. */
  delays?: readonly number[];
  signal?: AbortSignal;
  /** For tests: how to wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ReadUntilOutcome<T> {
  /** The last answer read. */
  readonly last: T;
  /** True when `last` shows the write. */
  readonly consistent: boolean;
  /** Reads made (1 when the first answer already showed it). */
  readonly reads: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Calls `read` until `shows(answer)` holds, the delays run out, or `signal` aborts (then the last
 * answer is returned as not consistent). `giveUp(answer)`: stop at once (e.g. a failure that a
 * retry cannot mend, such as access denied).
 */
export async function readUntil<T>(
  read: () => Promise<T>,
  shows: (answer: T) => boolean,
  options: ReadUntilOptions & { giveUp?: (answer: T) => boolean } = {},
): Promise<ReadUntilOutcome<T>> {
  const delays = options.delays ?? CONSISTENCY_DELAYS_MS;
  const wait = options.sleep ?? sleep;
  let last = await read();
  let reads = 1;
  for (const delay of delays) {
    if (shows(last)) return { last, consistent: true, reads };
    if (options.giveUp?.(last) || options.signal?.aborted) break;
    await wait(delay, options.signal);
    if (options.signal?.aborted) break;
    last = await read();
    reads++;
  }
  return { last, consistent: shows(last), reads };
}
