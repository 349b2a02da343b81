/**
 * ModifyImageAttribute and ResetImageAttribute (owner only; anyone else gets AuthFailure "Not
 * authorized for image:…", as for the other owner-only image calls).
 *
 * ModifyImageAttribute takes launch permissions in either form EC2 accepts:
 * - `LaunchPermission.Add.N.*` / `LaunchPermission.Remove.N.*` with exactly one of UserId,
 *   Group (=all), OrganizationArn, OrganizationalUnitArn per entry;
 * - the older top-level lists `UserId.N`, `UserGroup.N`, `OrganizationArn.N`,
 *   `OrganizationalUnitArn.N` with `OperationType` add | remove;
 * and the description as `Description.Value` (or `Attribute=description` with `Value`).
 * Everything is checked before anything changes; removals apply before additions. As EC2 answers:
 * - a user id that is not 12 digits, or names no existing account → InvalidAMIAttributeItemValue;
 *   likewise a group other than `all` and a malformed organization / OU ARN;
 * - Group=all while block public access for AMIs is on (account and region) → OperationNotPermitted;
 * - Group=all on an image with encrypted volumes → UnsupportedOperation ("Encrypted snapshots
 *   can't be shared publicly"), or with product codes → UnsupportedOperation;
 * - sharing with anyone an image backed by a snapshot encrypted with the AWS managed key →
 *   InvalidParameter ("Snapshots encrypted with the AWS Managed CMK can't be shared").
 */
import { Ec2Error, missingParameter } from '../errors';
import { listParam, permissionListParam, requiredParam, type PermissionParam } from '../params';
import type { EmuImage, EmuLaunchPermission } from '../types';
import { requireVisibleImage, type OperationContext, type Operation } from './context';

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ARN = /^arn:aws:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;
const OU_ARN = /^arn:aws:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const MAX_DESCRIPTION = 255;

function itemValue(value: string, type: string): Ec2Error {
  return new Ec2Error('InvalidAMIAttributeItemValue', `Invalid attribute item value "${value}" for ${type} item type.`);
}

/** The owner's image, or the error EC2 gives anyone else. */
export function requireOwnedImage(ctx: OperationContext, imageId: string): EmuImage {
  const image = requireVisibleImage(ctx, imageId);
  if (image.ownerId !== ctx.account) throw new Ec2Error('AuthFailure', `Not authorized for image:${image.imageId}`);
  return image;
}

/** One checked permission entry (exactly one field set). */
function toPermission(ctx: OperationContext, p: Omit<PermissionParam, 'index'>): EmuLaunchPermission {
  const set = (['userId', 'group', 'organizationArn', 'organizationalUnitArn'] as const).filter((k) => p[k] !== undefined);
  if (set.length !== 1) {
    throw new Ec2Error('InvalidParameterCombination', 'Each launch permission must specify exactly one of UserId, Group, OrganizationArn or OrganizationalUnitArn.');
  }
  if (p.userId !== undefined) {
    if (!ACCOUNT_ID.test(p.userId) || !ctx.store.isKnownAccount(p.userId)) throw itemValue(p.userId, 'userId');
    return { userId: p.userId };
  }
  if (p.group !== undefined) {
    if (p.group !== 'all') throw itemValue(p.group, 'userGroup');
    return { group: 'all' };
  }
  if (p.organizationArn !== undefined) {
    if (!ORGANIZATION_ARN.test(p.organizationArn)) throw itemValue(p.organizationArn, 'organizationArn');
    return { organizationArn: p.organizationArn };
  }
  const ou = p.organizationalUnitArn as string;
  if (!OU_ARN.test(ou)) throw itemValue(ou, 'organizationalUnitArn');
  return { organizationalUnitArn: ou };
}

/** The Add and Remove lists of the call, from both forms. */
function launchPermissionChanges(ctx: OperationContext): { add: EmuLaunchPermission[]; remove: EmuLaunchPermission[] } {
  const p = ctx.params;
  const add = permissionListParam(p, 'LaunchPermission.Add').map((x) => toPermission(ctx, x));
  const remove = permissionListParam(p, 'LaunchPermission.Remove').map((x) => toPermission(ctx, x));
  const legacy = [
    ...listParam(p, 'UserId').map((userId) => ({ userId })),
    ...listParam(p, 'UserGroup').map((group) => ({ group })),
    ...listParam(p, 'OrganizationArn').map((organizationArn) => ({ organizationArn })),
    ...listParam(p, 'OrganizationalUnitArn').map((organizationalUnitArn) => ({ organizationalUnitArn })),
  ];
  if (legacy.length > 0) {
    const op = p.OperationType;
    if (op === undefined || op === '') throw missingParameter('OperationType');
    if (op !== 'add' && op !== 'remove') throw new Ec2Error('InvalidParameterValue', `Value (${op}) for parameter operationType is invalid. Valid values: add, remove.`);
    (op === 'add' ? add : remove).push(...legacy.map((x) => toPermission(ctx, x)));
  } else if (p.OperationType !== undefined && add.length === 0 && remove.length === 0) {
    throw missingParameter('UserId');
  }
  return { add, remove };
}

/** Refusals for what the additions would share (checked before anything changes). */
function checkSharing(ctx: OperationContext, image: EmuImage, add: EmuLaunchPermission[]): void {
  if (add.length === 0) return;
  const snapshots = image.blockDeviceMappings.flatMap((m) => (m.ebs?.snapshotId ? [ctx.store.getSnapshot(ctx.region, m.ebs.snapshotId)] : []));
  if (add.some((a) => a.group === 'all')) {
    if (ctx.store.getImageBlockPublicAccess(ctx.account, ctx.region).state === 'block-new-sharing') {
      throw new Ec2Error(
        'OperationNotPermitted',
        "You can't publicly share this image because block public access for AMIs is enabled for this account. To publicly share the image, you must call the DisableImageBlockPublicAccess API.",
      );
    }
    if (image.blockDeviceMappings.some((m) => m.ebs?.encrypted) || snapshots.some((s) => s?.encrypted)) {
      throw new Ec2Error('UnsupportedOperation', "Encrypted snapshots can't be shared publicly. Specify another snapshot.");
    }
    if (image.productCodes.length > 0) {
      throw new Ec2Error('UnsupportedOperation', `Images with product codes can't be made public: ${image.imageId} has product code ${image.productCodes.map((c) => c.productCodeId).join(', ')}.`);
    }
  }
  if (add.some((a) => a.group === undefined) && snapshots.some((s) => s?.encrypted && s.kmsKeyManager === 'aws')) {
    throw new Ec2Error('InvalidParameter', "Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.");
  }
}

function descriptionChange(ctx: OperationContext): string | undefined {
  const p = ctx.params;
  const value = p['Description.Value'] ?? (p.Attribute === 'description' ? p.Value : undefined);
  if (value === undefined) return undefined;
  if (value.length > MAX_DESCRIPTION) {
    throw new Ec2Error('InvalidParameterValue', `Value for parameter description is invalid. Length must not exceed ${MAX_DESCRIPTION} characters.`);
  }
  return value;
}

const ATTRIBUTES = new Set(['launchPermission', 'description']);

export const modifyImageAttribute: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const imageId = requiredParam(ctx.params, 'ImageId');
    const attribute = ctx.params.Attribute;
    if (attribute !== undefined && !ATTRIBUTES.has(attribute)) {
      throw new Ec2Error('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid. Valid values: description, launchPermission.`);
    }
    const image = requireOwnedImage(ctx, imageId);
    const { add, remove } = launchPermissionChanges(ctx);
    const description = descriptionChange(ctx);
    if (add.length === 0 && remove.length === 0 && description === undefined) {
      throw new Ec2Error('InvalidParameterCombination', 'No attributes specified.');
    }
    checkSharing(ctx, image, add);
    for (const r of remove) ctx.store.removeLaunchPermission(ctx.region, imageId, r);
    for (const a of add) ctx.store.addLaunchPermission(ctx.region, imageId, a);
    if (description !== undefined) ctx.store.modifyImage(ctx.region, imageId, { description });
    return '<return>true</return>';
  },
};

/** ResetImageAttribute: `launchPermission` only (kernel and ramdisk cannot be reset); clears every entry, public included. */
export const resetImageAttribute: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const imageId = requiredParam(ctx.params, 'ImageId');
    const attribute = requiredParam(ctx.params, 'Attribute');
    if (attribute !== 'launchPermission') {
      throw new Ec2Error('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid. Only launchPermission can be reset.`);
    }
    const image = requireOwnedImage(ctx, imageId);
    image.launchPermissions = [];
    return '<return>true</return>';
  },
};
