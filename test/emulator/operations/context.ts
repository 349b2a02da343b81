/**
 * What every operation gets: the caller (account, region), the parsed parameters, the store, and
 * helpers shared by several operations (visibility, id validation, paging tokens).
 */
import { createHash } from 'node:crypto';
import { organizationsOf } from '../accounts';
import { Ec2Error } from '../errors';
import type { Params } from '../params';
import type { FaultState } from '../faults';
import type { EmulatorStore } from '../store';
import type { EmuImage, EmuLaunchPermission, EmuSnapshot } from '../types';

export interface OperationContext {
  readonly action: string;
  readonly region: string;
  readonly account: string;
  readonly params: Params;
  readonly store: EmulatorStore;
  /** Secret that makes paging tokens unforgeable per emulator instance. */
  readonly tokenSecret: string;
  /** Milliseconds since the epoch: deprecation is judged against the real clock, as EC2 does. */
  readonly now: number;
  /** Injected faults that shape answers (stale reads after a mutation); absent in direct calls. */
  readonly faults?: Pick<FaultState, 'staleImage' | 'takeCapacityFailure' | 'describeImagesPageSize'>;
}

export interface Operation {
  /** Mutating calls are the ones dropAfterNextMutation applies to. */
  readonly mutating: boolean;
  /**
   * The operation checks DryRun itself (after validating, as RunInstances does); otherwise the
   * server answers DryRunOperation before running it.
   */
  readonly checksDryRun?: boolean;
  /** Returns the XML body inside the response envelope. */
  run(ctx: OperationContext): string;
}

// ---- ids ----

const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const SNAPSHOT_ID = /^snap-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export function checkImageId(id: string): void {
  if (!AMI_ID.test(id)) throw new Ec2Error('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`);
}

export function checkSnapshotId(id: string): void {
  if (!SNAPSHOT_ID.test(id)) throw new Ec2Error('InvalidSnapshotID.Malformed', `Invalid id: "${id}" (expecting "snap-...")`);
}

export function imageNotFound(ids: string[]): Ec2Error {
  return ids.length === 1
    ? new Ec2Error('InvalidAMIID.NotFound', `The image id '[${ids[0]}]' does not exist`)
    : new Ec2Error('InvalidAMIID.NotFound', `The image ids '[${ids.join(', ')}]' do not exist`);
}

export function snapshotNotFound(id: string): Ec2Error {
  return new Ec2Error('InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);
}

// ---- visibility ----

/** Whether a launch permission list grants `account` (directly, via its org/OU, or publicly). */
export function grants(perms: EmuLaunchPermission[], account: string, opts: { includePublic: boolean; includeOrgs: boolean }): boolean {
  const orgs = opts.includeOrgs ? organizationsOf(account) : [];
  return perms.some(
    (p) =>
      p.userId === account ||
      (opts.includePublic && p.group === 'all') ||
      (p.organizationArn !== undefined && orgs.includes(p.organizationArn)) ||
      (p.organizationalUnitArn !== undefined && orgs.includes(p.organizationalUnitArn)),
  );
}

/** EC2 shows an image to its owner and to accounts that may launch it; disabled ones only to the owner. */
export function canSeeImage(image: EmuImage, account: string): boolean {
  if (image.ownerId === account) return true;
  if (image.state === 'disabled') return false;
  return grants(image.launchPermissions, account, { includePublic: true, includeOrgs: true });
}

export function canSeeSnapshot(snapshot: EmuSnapshot, account: string): boolean {
  return snapshot.ownerId === account || grants(snapshot.createVolumePermissions, account, { includePublic: true, includeOrgs: false });
}

/** Looks up an image id the caller named: Malformed / NotFound as EC2 answers. */
export function requireVisibleImage(ctx: OperationContext, imageId: string): EmuImage {
  checkImageId(imageId);
  const image = ctx.store.getImage(ctx.region, imageId);
  if (!image || !canSeeImage(image, ctx.account)) throw imageNotFound([imageId]);
  return image;
}

// ---- paging tokens ----

interface TokenBody {
  /** last sequence number served */
  s: number;
  /** hash of region, account, action and every parameter except the paging ones */
  q: string;
}

function queryHash(ctx: OperationContext): string {
  const keys = Object.keys(ctx.params)
    .filter((k) => k !== 'NextToken' && k !== 'MaxResults')
    .sort();
  const h = createHash('sha256');
  h.update(`${ctx.action}\n${ctx.region}\n${ctx.account}\n`);
  for (const k of keys) h.update(`${k}=${ctx.params[k] as string}\n`);
  return h.digest('base64url').slice(0, 16);
}

function sign(ctx: OperationContext, payload: string): string {
  return createHash('sha256').update(`${ctx.tokenSecret}:${payload}`).digest('base64url').slice(0, 22);
}

export function makeToken(ctx: OperationContext, lastSeq: number): string {
  const payload = Buffer.from(JSON.stringify({ s: lastSeq, q: queryHash(ctx) } satisfies TokenBody)).toString('base64url');
  return `${payload}.${sign(ctx, payload)}`;
}

/** The sequence number to resume after; InvalidPaginationToken when forged or from another query. */
export function readToken(ctx: OperationContext, token: string): number {
  const bad = new Ec2Error('InvalidPaginationToken', `Invalid pagination token: ${token.length > 60 ? `${token.slice(0, 60)}…` : token}`);
  const dot = token.indexOf('.');
  if (dot <= 0) throw bad;
  const payload = token.slice(0, dot);
  if (sign(ctx, payload) !== token.slice(dot + 1)) throw bad;
  let body: TokenBody;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenBody;
  } catch {
    throw bad;
  }
  if (typeof body.s !== 'number' || body.q !== queryHash(ctx)) throw bad;
  return body.s;
}

/**
 * One page over an ordered scan: collects up to `max` matches after `afterSeq`, then looks one
 * match ahead so a token is only handed out when another page really exists.
 */
export function page<T>(
  scan: (afterSeq: number, visit: (item: T, seq: number) => boolean) => void,
  afterSeq: number,
  max: number,
  matches: (item: T) => boolean,
): { items: T[]; lastSeq: number | undefined } {
  const items: T[] = [];
  let lastSeq = afterSeq;
  let more = false;
  scan(afterSeq, (item, seq) => {
    if (!matches(item)) return true;
    if (items.length === max) {
      more = true;
      return false;
    }
    items.push(item);
    lastSeq = seq;
    return true;
  });
  return { items, lastSeq: more ? lastSeq : undefined };
}

/** A scan over a fixed list (sequence numbers are positions from 1), for page(). */
export function scanList<T>(items: readonly T[]): (afterSeq: number, visit: (item: T, seq: number) => boolean) => void {
  return (afterSeq, visit) => {
    for (let i = Math.max(0, afterSeq); i < items.length; i++) if (!visit(items[i] as T, i + 1)) return;
  };
}

/** The DryRunOperation answer, for operations that validate before it (checksDryRun). */
export function dryRunSucceeded(): Ec2Error {
  return new Ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
}
