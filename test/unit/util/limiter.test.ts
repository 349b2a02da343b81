import * as assert from 'node:assert/strict';
import { Limiter } from '../../../src/util/limiter';

/** A task that finishes when the test says so, recording how many ran at once. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('util/limiter', () => {
  it('never runs more than the limit at once and runs everything in order', async () => {
    const limiter = new Limiter(2);
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    let peak = 0;
    const all = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        peak = Math.max(peak, limiter.running);
        await g.promise;
        return i;
      }),
    );
    await tick();
    assert.deepEqual(started, [0, 1]);
    assert.equal(limiter.pending, 3);
    gates[1]?.open();
    await tick();
    assert.deepEqual(started, [0, 1, 2]);
    for (const g of gates) g.open();
    assert.deepEqual(await Promise.all(all), [0, 1, 2, 3, 4]);
    assert.equal(peak, 2);
    assert.equal(limiter.running, 0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new Limiter(1);
    await assert.rejects(limiter.run(() => Promise.reject(new Error('boom'))), /boom/);
    await assert.rejects(
      limiter.run(() => {
        throw new Error('sync');
      }),
      /sync/,
    );
    assert.equal(await limiter.run(async () => 7), 7);
  });

  it('drops a waiting task whose signal aborts', async () => {
    const limiter = new Limiter(1);
    const g = gate();
    const first = limiter.run(() => g.promise);
    const ac = new AbortController();
    let ran = false;
    const second = limiter.run(async () => {
      ran = true;
    }, ac.signal);
    ac.abort(new Error('cancelled'));
    await assert.rejects(second, /cancelled/);
    g.open();
    await first;
    await tick();
    assert.equal(ran, false);
    assert.equal(limiter.pending, 0);
  });

  it('starts waiting tasks when the limit is raised', async () => {
    const limiter = new Limiter(1);
    const gates = [gate(), gate(), gate()];
    let started = 0;
    const all = gates.map((g) =>
      limiter.run(async () => {
        started++;
        await g.promise;
      }),
    );
    await tick();
    assert.equal(started, 1);
    limiter.setLimit(3);
    await tick();
    assert.equal(started, 3);
    for (const g of gates) g.open();
    await Promise.all(all);
  });

  it('0 means no limit: every task starts at once, and setLimit(0) releases the queue', async () => {
    const open = new Limiter(0);
    const gates = Array.from({ length: 30 }, gate);
    let started = 0;
    const all = gates.map((g) =>
      open.run(async () => {
        started++;
        await g.promise;
      }),
    );
    await tick();
    assert.equal(started, 30);
    assert.equal(open.pending, 0);
    assert.equal(open.limit, Number.POSITIVE_INFINITY);
    for (const g of gates) g.open();
    await Promise.all(all);

    const capped = new Limiter(2);
    const more = Array.from({ length: 6 }, gate);
    let begun = 0;
    const runs = more.map((g) =>
      capped.run(async () => {
        begun++;
        await g.promise;
      }),
    );
    await tick();
    assert.equal(begun, 2);
    capped.setLimit(0);
    await tick();
    assert.equal(begun, 6, 'the cap removed: the queued tasks start');
    for (const g of more) g.open();
    await Promise.all(runs);
  });

  it('a limit below 1 other than 0 (negative, NaN) counts as 1', () => {
    assert.deepEqual([-1, Number.NaN, 0.5, 3.7].map((n) => new Limiter(n).limit), [1, 1, 1, 3]);
  });
});
