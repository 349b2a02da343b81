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
});
