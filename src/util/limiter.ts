/**
 * A concurrency limit for async work: at most N tasks at a time, the rest queued in order. A limit
 * of 0 means none (every task starts at once): regions are independent endpoints with their own
 * throttling, so by default they all load together (`amiExplorer.maxConcurrentRegions` = 0), and a
 * cap is the user's choice. No vscode import: unit-tested in plain mocha.
 */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private max: number;

  /** `max`: tasks at a time; 0 = no limit. Anything else below 1 (negative, NaN) counts as 1. */
  constructor(max: number) {
    this.max = Limiter.normalize(max);
  }

  private static normalize(max: number): number {
    if (max === 0 || max === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
    return max >= 1 ? Math.floor(max) : 1;
  }

  /** The limit in effect (Infinity when there is none). */
  get limit(): number {
    return this.max;
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Tasks waiting for a slot. */
  get pending(): number {
    return this.queue.length;
  }

  /** Changes the limit (0 = none); raising it starts waiting tasks at once. */
  setLimit(max: number): void {
    this.max = Limiter.normalize(max);
    this.drain();
  }

  /**
   * Runs `task` when a slot is free. If `signal` aborts while it waits, it never starts and the
   * returned promise rejects with the signal's reason.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const start = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        let result: Promise<T>;
        try {
          result = task();
        } catch (err) {
          result = Promise.reject(err);
        }
        result.then(resolve, reject).finally(() => {
          this.active--;
          this.drain();
        });
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(start);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(start);
      this.drain();
    });
  }

  private drain(): void {
    while (this.active < this.max && this.queue.length > 0) {
      const next = this.queue.shift();
      next?.();
    }
  }
}
