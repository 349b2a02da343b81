/**
 * A concurrency limit for async work (regions load in parallel, but at most N at a time so a
 * refresh over 30 regions does not open 30 connections at once or trip EC2's throttling).
 * No vscode import: unit-tested in plain mocha.
 */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private max: number) {
    if (!(max >= 1)) this.max = 1;
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Tasks waiting for a slot. */
  get pending(): number {
    return this.queue.length;
  }

  /** Changes the limit; raising it starts waiting tasks at once. */
  setLimit(max: number): void {
    this.max = Math.max(1, Math.floor(max));
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
