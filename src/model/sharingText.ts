/**
 * The words of the sharing commands (Share with Account…, Stop Sharing…, Make Public…, Make
 * Private, Remove from My Account): the confirmations, the pick items' text and the result
 * messages that say what changed, per snapshot, and what did not. Pure (no `vscode`, no SDK), so
 * the panel can reuse them and they are tested in plain mocha. AMI names are written by strangers:
 * every name is shown as one visible line, cut to a length.
 */
import { plural, truncate } from './format';
import type { AmiImage } from './image';
import type { KeyWarning, PermissionEntry, PermissionKind } from './launchPermissions';
import { visibleLine } from './text';

const NAME_MAX = 80;

/** `"web-server" (ami-0123…)` or just the id when the image has no name. */
export function imageTitle(image: Pick<AmiImage, 'imageId' | 'name'>): string {
  const name = image.name ? truncate(visibleLine(image.name), NAME_MAX) : '';
  return name ? `"${name}" (${image.imageId})` : image.imageId;
}

const KIND_WORD: Record<PermissionKind, string> = { account: 'account', organization: 'organization', organizationalUnit: 'OU' };

/** "account 111122223333", "organization arn:…", "OU arn:…" (values from EC2 shown as one visible line). */
export function entryText(entry: PermissionEntry): string {
  return `${KIND_WORD[entry.kind]} ${visibleLine(entry.value)}`;
}

/** "account 1111…, organization arn:… and OU arn:…". */
export function entriesText(entries: readonly PermissionEntry[]): string {
  const parts = entries.map(entryText);
  if (parts.length <= 1) return parts[0] ?? 'nobody';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

/** Where the image lives, for a confirmation: "in us-east-1, account 123456789012 (profile dev)". */
function whereText(region: string, accountId: string | undefined, profile?: string): string {
  const where = accountId ? `in ${region}, account ${accountId}` : `in ${region}`;
  return profile ? `${where} (profile ${visibleLine(profile)})` : where;
}

export interface ConfirmText {
  readonly message: string;
  readonly detail: string;
}

/**
 * The modal confirmation before making an image public: names the AMI (name and id), its region
 * and account, says what public means, and lists the key warnings (if any).
 */
export function confirmPublicText(image: Pick<AmiImage, 'imageId' | 'name'>, region: string, accountId: string | undefined, warnings: readonly string[] = [], profile?: string): ConfirmText {
  const lines = [
    `${imageTitle(image)} ${whereText(region, accountId, profile)} will be public: every AWS account can find it, launch it and copy it, including whatever is on its volumes.`,
    'Its snapshots are not made public.',
    ...warnings,
  ];
  return { message: `Make ${imageTitle(image)} public?`, detail: lines.join('\n\n') };
}

/**
 * The modal confirmation before sharing with entries: names the AMI, region and account, the
 * entries, and what the snapshot choice means; key warnings and what cannot be mirrored follow.
 */
export function confirmShareText(
  image: Pick<AmiImage, 'imageId' | 'name'>,
  region: string,
  accountId: string | undefined,
  entries: readonly PermissionEntry[],
  snapshotIds: readonly string[],
  warnings: readonly KeyWarning[] = [],
): ConfirmText {
  const accounts = entries.filter((e) => e.kind === 'account').length;
  const lines = [`${entriesText(entries)} will be able to launch ${imageTitle(image)} ${whereText(region, accountId)}.`];
  if (accounts > 0 && snapshotIds.length > 0) {
    lines.push(
      `"Share Image and Snapshots" also lets the ${accounts === 1 ? 'account' : 'accounts'} create volumes from ${plural(snapshotIds.length, 'snapshot')} (${snapshotIds.join(', ')}), so ${accounts === 1 ? 'it' : 'they'} can copy the AMI; launching does not need it.`,
    );
  }
  if (entries.some((e) => e.kind !== 'account')) {
    lines.push('Organization and OU shares cannot extend to snapshots: members can launch the image but not copy it.');
  }
  lines.push(...warnings.map((w) => w.message));
  return { message: `Share ${imageTitle(image)} with ${plural(entries.length, 'recipient')}?`, detail: lines.join('\n\n') };
}

/** The modal confirmation of the recipient's "Remove from My Account". */
export function confirmRemoveFromAccountText(image: Pick<AmiImage, 'imageId' | 'name' | 'ownerId'>, region: string, accountId: string | undefined): ConfirmText {
  const mine = accountId ? `account ${accountId}` : 'your account';
  return {
    message: `Remove ${imageTitle(image)} from ${mine}?`,
    detail: [
      `${image.imageId} in ${region} is owned by ${image.ownerId ? `account ${image.ownerId}` : 'another account'}. After this, ${mine} can no longer see or launch it; instances already running from it keep running.`,
      'Only the owner can share it with you again.',
    ].join('\n\n'),
  };
}

/** What happened to one snapshot, as the write wrapper reports it (failures as readable text). */
export interface SnapshotResult {
  readonly snapshotId: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly failed: readonly { readonly operation: 'add' | 'remove'; readonly accountIds: readonly string[]; readonly reason: string }[];
}

export interface PermissionsResultInput {
  readonly imageId: string;
  readonly action: 'share' | 'stopSharing' | 'makePublic' | 'makePrivate';
  /** The entries added (share) or removed (stop sharing). */
  readonly entries?: readonly PermissionEntry[];
  readonly snapshots: readonly SnapshotResult[];
  /** Parts never mirrored to snapshots (organizations/OUs), as the plan says. */
  readonly notMirrored?: readonly string[];
  /** The read-back never showed the change (AWS accepted it). */
  readonly notYetVisible?: string;
  /** The image changed, not every snapshot: the exact account, from the write wrapper. */
  readonly partialFailure?: string;
}

export interface ResultMessage {
  /** 'warning' when something did not change (a snapshot failed) or is not visible yet. */
  readonly level: 'info' | 'warning';
  readonly text: string;
}

function snapshotLine(s: SnapshotResult): string {
  const done = [s.added.length ? `shared with ${s.added.join(', ')}` : '', s.removed.length ? `no longer shared with ${s.removed.join(', ')}` : ''].filter((x) => x);
  const failed = s.failed.map((f) => `${f.operation === 'add' ? 'sharing with' : 'unsharing from'} ${f.accountIds.join(', ')} failed (${f.reason})`);
  return `${s.snapshotId}: ${[...done, ...failed].join('; ') || 'unchanged'}`;
}

/** The result message of a launch-permission command: what changed on the image and per snapshot, and what did not. */
export function describePermissionsResult(input: PermissionsResultInput): ResultMessage {
  const entries = input.entries ?? [];
  const lead = {
    share: `Shared ${input.imageId} with ${entriesText(entries)}.`,
    stopSharing: `${input.imageId} is no longer shared with ${entriesText(entries)}.`,
    makePublic: `${input.imageId} is now public.`,
    makePrivate: `${input.imageId} is no longer public${entries.length > 0 ? `; it stays shared with ${entriesText(entries)}` : ''}.`,
  }[input.action];
  const parts = [lead];
  if (input.partialFailure) {
    parts.push(input.partialFailure);
  } else if (input.snapshots.length > 0) {
    parts.push(`Snapshots: ${input.snapshots.map(snapshotLine).join('; ')}.`);
  }
  if (input.action === 'share' && entries.some((e) => e.kind !== 'account')) {
    parts.push(...(input.notMirrored ?? []).filter((n) => /organization/i.test(n)));
  }
  if (input.notYetVisible) parts.push(`Not yet visible: ${input.notYetVisible}`);
  return { level: input.partialFailure || input.notYetVisible ? 'warning' : 'info', text: parts.join(' ') };
}

/** When the chosen image is not the caller's own: which commands need the owner. */
export function notOwnerText(imageId: string, ownerId: string | undefined, accountId: string | undefined, what: string): string {
  return `${what} needs the image's owner: ${imageId} is owned by ${ownerId ? `account ${ownerId}` : 'another account'}${accountId ? `, not by this profile's account ${accountId}` : ''}.`;
}
