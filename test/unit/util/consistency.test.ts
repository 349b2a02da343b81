/** readUntil: reads back until the answer shows the write, with bounded pauses, never longer. */
import * as assert from 'node:assert/strict';
import { CONSISTENCY_DELAYS_MS, readUntil } from '../../../src/util/consistency';

describe('util/consistency readUntil', () => {
  const instant = (log: number[]) => (ms: number): Promise<void> => (log.push(ms), Promise.resolve());

  it('stops at the first answer that shows the write', async () => {
    const answers = ['old', 'old', 'new', 'newer'];
    const waits: number[] = [];
    const r = await readUntil(async () => answers.shift() as string, (a) => a === 'new', { delays: [1, 2, 3, 4], sleep: instant(waits) });
    assert.deepEqual(r, { last: 'new', consistent: true, reads: 3 });
    assert.deepEqual(waits, [1, 2]);
  });

  it('gives up after the last pause and reports the last answer as not consistent', async () => {
    let reads = 0;
    const waits: number[] = [];
    const r = await readUntil(async () => ++reads, () => false, { delays: [5, 6], sleep: instant(waits) });
    assert.deepEqual(r, { last: 3, consistent: false, reads: 3 });
    assert.deepEqual(waits, [5, 6]);
  });

  it('stops at once on an answer that a retry cannot mend', async () => {
    let reads = 0;
    const r = await readUntil(async () => ++reads, () => false, { delays: [1, 1, 1], sleep: instant([]), giveUp: (n) => n === 2 });
    assert.deepEqual(r, { last: 2, consistent: false, reads: 2 });
  });

  it('stops when cancelled, without reading again', async () => {
    const controller = new AbortController();
    let reads = 0;
    const r = await readUntil(
      async () => ++reads,
      () => false,
      { delays: [1, 1, 1], signal: controller.signal, sleep: async () => controller.abort() },
    );
    assert.deepEqual(r, { last: 1, consistent: false, reads: 1 });
  });

  it('waits with real timers by default, and briefly (a few seconds in all)', async () => {
    const total = CONSISTENCY_DELAYS_MS.reduce((a, b) => a + b, 0);
    assert.ok(total >= 1000 && total <= 10_000, `${total} ms`);
    const started = Date.now();
    const answers = [false, true];
    const r = await readUntil(async () => answers.shift() as boolean, (a) => a, { delays: [30] });
    assert.equal(r.consistent, true);
    assert.ok(Date.now() - started >= 25, 'paused between the reads');
  });
});
