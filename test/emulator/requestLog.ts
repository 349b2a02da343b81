/**
 * tree (issue #12): reading the request log for concurrency, without timing anything: how many
 * calls were in progress at once, from each entry's startedAt / endedAt.
 */
import type { RequestLogEntry } from './server';

/**
 * The most calls in progress at the same moment among `entries` (a call still in progress counts
 * until now). A call that ended when another started does not overlap it.
 */
export function maxOverlap(entries: readonly Pick<RequestLogEntry, 'startedAt' | 'endedAt'>[]): number {
  const events: [number, number][] = [];
  for (const e of entries) {
    events.push([e.startedAt, 1]);
    events.push([e.endedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  // At the same instant, ends before starts.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, step] of events) {
    now += step;
    most = Math.max(most, now);
  }
  return most;
}
