/**
 * Fault injection, set by the test that owns the emulator. The server consults it for every
 * request after authentication: latency first, then a failing region, then throttling / HTTP 500
 * counters; after a mutating call has taken effect it asks whether to drop the connection.
 * Two switches shape authentication itself: accept any signature, and a clock offset.
 */
import { Ec2Error } from './errors';
import type { EmuImage } from './types';

export type RegionFailure = 'AuthFailure' | 'OptInRequired' | 'UnauthorizedOperation';

export interface FaultScope {
  region?: string;
  action?: string;
}

export interface Faults {
  setLatency(region: string, ms: number): void;
  /** The next n matching calls answer RequestLimitExceeded (HTTP 503). */
  throttleNext(n: number, opts?: FaultScope): void;
  /** Every call to the region fails with the code until cleared with undefined. */
  failRegion(region: string, code: RegionFailure | undefined): void;
  /** The next n matching calls answer InternalError (HTTP 500). */
  http500Next(n: number, opts?: FaultScope): void;
  /** The next n mutating calls take effect, then the socket is destroyed without a response. */
  dropAfterNextMutation(n: number): void;
  /**
   * EC2's eventual consistency: after the next mutating call, the next n DescribeImages calls that
   * name an image the call named (ImageId.N) answer with that image as it was before the call.
   */
  staleReadsAfterNextMutation(n: number): void;
  /**
   * IAM denying an action: every call to it answers UnauthorizedOperation (HTTP 403) with EC2's
   * message, which does not name the action. `false` allows it again.
   */
  denyAction(action: string, denied?: boolean): void;
  /**
   * true: take any signature, as the emulator did before it checked them (an unknown key acts as
   * the default account; dates and session tokens are not checked). false: check (the default).
   */
  acceptAnySignature(on: boolean): void;
  /**
   * The next n RunInstances of the type (any type when undefined) answer
   * InsufficientInstanceCapacity, as EC2 does when a zone has run out of that type. Dry runs are not affected.
   */
  insufficientCapacity(instanceType: string | undefined, n: number): void;
  /** Moves the emulator's clock (request dates, token expiry, the Date header) by ms. */
  setClockOffset(ms: number): void;
  // tree (issue #12): a server that ignores MaxResults
  /**
   * A server that ignores MaxResults, as some EC2 implementations do: DescribeImages listings
   * answer `pageSize` images a page whatever MaxResults says (with a NextToken when more remain),
   * or the whole listing in one page when `pageSize` is undefined. `false` honours MaxResults again.
   */
  ignoreMaxResults(on: boolean, pageSize?: number): void;
  /** Back to no faults, checking signatures, the real clock. */
  reset(): void;
}

interface CountedRule extends FaultScope {
  remaining: number;
}

const REGION_FAILURE_MESSAGES: Record<RegionFailure, string> = {
  AuthFailure: 'AWS was not able to validate the provided access credentials',
  OptInRequired: 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.',
  UnauthorizedOperation: 'You are not authorized to perform this operation.',
};

export class FaultState implements Faults {
  private latency = new Map<string, number>();
  private regionFailures = new Map<string, RegionFailure>();
  private throttles: CountedRule[] = [];
  private errors500: CountedRule[] = [];
  private drops = 0;
  private denied = new Set<string>();
  private staleReads = 0;
  private anySignature = false;
  private clockOffset = 0;
  private capacity: { instanceType: string | undefined; remaining: number }[] = [];
  /** tree (issue #12): DescribeImages page size when MaxResults is ignored (MAX_SAFE_INTEGER: everything); undefined = honoured. */
  private ignoredMaxResults: number | undefined;
  /** Per region, image id → the image before the mutation (undefined: it did not exist), and reads left. */
  private stale = new Map<string, Map<string, { before: EmuImage | undefined; left: number }>>();

  setLatency(region: string, ms: number): void {
    if (ms > 0) this.latency.set(region, ms);
    else this.latency.delete(region);
  }

  throttleNext(n: number, opts: FaultScope = {}): void {
    if (n > 0) this.throttles.push({ ...opts, remaining: n });
  }

  failRegion(region: string, code: RegionFailure | undefined): void {
    if (code) this.regionFailures.set(region, code);
    else this.regionFailures.delete(region);
  }

  http500Next(n: number, opts: FaultScope = {}): void {
    if (n > 0) this.errors500.push({ ...opts, remaining: n });
  }

  dropAfterNextMutation(n: number): void {
    this.drops = Math.max(0, n);
  }

  staleReadsAfterNextMutation(n: number): void {
    this.staleReads = Math.max(0, n);
  }

  denyAction(action: string, denied = true): void {
    if (denied) this.denied.add(action);
    else this.denied.delete(action);
  }

  acceptAnySignature(on: boolean): void {
    this.anySignature = on;
  }

  setClockOffset(ms: number): void {
    this.clockOffset = ms;
  }

  // tree (issue #12)
  ignoreMaxResults(on: boolean, pageSize?: number): void {
    this.ignoredMaxResults = !on ? undefined : pageSize !== undefined && pageSize >= 1 ? Math.floor(pageSize) : Number.MAX_SAFE_INTEGER;
  }

  insufficientCapacity(instanceType: string | undefined, n: number): void {
    if (n > 0) this.capacity.push({ instanceType, remaining: n });
  }

  reset(): void {
    this.denied.clear();
    this.anySignature = false;
    this.clockOffset = 0;
    this.staleReads = 0;
    this.stale.clear();
    this.latency.clear();
    this.regionFailures.clear();
    this.throttles = [];
    this.errors500 = [];
    this.drops = 0;
    this.capacity = [];
    this.ignoredMaxResults = undefined; // tree (issue #12)
  }

  // ---- used by the server ----

  get checksSignatures(): boolean {
    return !this.anySignature;
  }

  /** The server's clock: the real one moved by setClockOffset. */
  now(): number {
    return Date.now() + this.clockOffset;
  }

  latencyFor(region: string): number {
    return this.latency.get(region) ?? 0;
  }

  /** The injected error for this call, if any (consumes one count of a matching rule). */
  errorFor(region: string, action: string): Ec2Error | undefined {
    const failure = this.regionFailures.get(region);
    if (failure) return new Ec2Error(failure, REGION_FAILURE_MESSAGES[failure]);
    if (this.denied.has(action)) {
      return new Ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation. Encoded authorization failure message: emulator-denied');
    }
    if (take(this.throttles, region, action)) return new Ec2Error('RequestLimitExceeded', 'Request limit exceeded.');
    if (take(this.errors500, region, action)) return new Ec2Error('InternalError', 'An internal error has occurred');
    return undefined;
  }

  // tree (issue #12)
  /** The page size DescribeImages listings answer with when MaxResults is ignored; undefined when it is honoured. */
  describeImagesPageSize(): number | undefined {
    return this.ignoredMaxResults;
  }

  /** Whether the next mutating call should record the images it touches (staleReadsAfterNextMutation). */
  wantsStaleReads(): boolean {
    return this.staleReads > 0;
  }

  /** Records the images a mutating call touched, as they were before it (consumes the rule). */
  recordStale(region: string, before: Map<string, EmuImage | undefined>): void {
    const n = this.staleReads;
    this.staleReads = 0;
    if (n <= 0) return;
    let regionMap = this.stale.get(region);
    if (!regionMap) this.stale.set(region, (regionMap = new Map()));
    for (const [id, image] of before) regionMap.set(id, { before: image, left: n });
  }

  /**
   * For a DescribeImages naming `imageId`: the stale view to answer with (consumes one read), or
   * 'current' when there is none. `undefined` inside means "not found yet".
   */
  staleImage(region: string, imageId: string): { image: EmuImage | undefined } | 'current' {
    const entry = this.stale.get(region)?.get(imageId);
    if (!entry || entry.left <= 0) return 'current';
    entry.left--;
    return { image: entry.before };
  }

  /** Whether this RunInstances of `instanceType` runs out of capacity (consumes one count of a matching rule). */
  takeCapacityFailure(instanceType: string): boolean {
    for (const rule of this.capacity) {
      if (rule.remaining <= 0 || (rule.instanceType !== undefined && rule.instanceType !== instanceType)) continue;
      rule.remaining--;
      return true;
    }
    return false;
  }

  /** Called after a mutating call took effect: true = destroy the socket instead of answering. */
  takeDrop(): boolean {
    if (this.drops <= 0) return false;
    this.drops--;
    return true;
  }
}

function take(rules: CountedRule[], region: string, action: string): boolean {
  for (const rule of rules) {
    if (rule.remaining <= 0) continue;
    if (rule.region !== undefined && rule.region !== region) continue;
    if (rule.action !== undefined && rule.action !== action) continue;
    rule.remaining--;
    return true;
  }
  return false;
}
