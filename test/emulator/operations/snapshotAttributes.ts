/**
 * DescribeSnapshotAttribute (createVolumePermission, productCodes) and ModifySnapshotAttribute
 * (createVolumePermission), owner only (AuthFailure "Not authorized for snapshot:…" otherwise).
 *
 * ModifySnapshotAttribute takes account ids and Group=all only (no organizations), as
 * `CreateVolumePermission.Add.N.*` / `.Remove.N.*` or the older `UserId.N` / `UserGroup.N` with
 * `OperationType`, and one operation type per call: Add and Remove together →
 * InvalidParameterCombination. An unknown or malformed account → InvalidParameterValue;
 * Group=all on an encrypted snapshot → UnsupportedOperation; sharing a snapshot encrypted with the
 * AWS managed key → InvalidParameter.
 */
import { Ec2Error, missingParameter } from '../errors';
import { listParam, permissionListParam, requiredParam, type PermissionParam } from '../params';
import type { EmuLaunchPermission, EmuSnapshot } from '../types';
import { el, list } from '../xml';
import { renderProductCodes } from '../render';
import { canSeeSnapshot, checkSnapshotId, snapshotNotFound, type Operation, type OperationContext } from './context';

const ACCOUNT_ID = /^\d{12}$/;

function requireOwnedSnapshot(ctx: OperationContext, snapshotId: string): EmuSnapshot {
  checkSnapshotId(snapshotId);
  const snapshot = ctx.store.getSnapshot(ctx.region, snapshotId);
  if (!snapshot || !canSeeSnapshot(snapshot, ctx.account)) throw snapshotNotFound(snapshotId);
  if (snapshot.ownerId !== ctx.account) throw new Ec2Error('AuthFailure', `Not authorized for snapshot:${snapshotId}`);
  return snapshot;
}

export function renderCreateVolumePermission(p: EmuLaunchPermission): string {
  return el('group', p.group) + el('userId', p.userId);
}

export const describeSnapshotAttribute: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const attribute = requiredParam(ctx.params, 'Attribute');
    const snapshotId = requiredParam(ctx.params, 'SnapshotId');
    if (attribute !== 'createVolumePermission' && attribute !== 'productCodes') {
      throw new Ec2Error('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid. Valid values: createVolumePermission, productCodes.`);
    }
    const snapshot = requireOwnedSnapshot(ctx, snapshotId);
    const body =
      attribute === 'createVolumePermission' ? list('createVolumePermission', snapshot.createVolumePermissions, renderCreateVolumePermission) : renderProductCodes([]);
    return el('snapshotId', snapshot.snapshotId) + body;
  },
};

function toPermission(ctx: OperationContext, p: Omit<PermissionParam, 'index'>): EmuLaunchPermission {
  if (p.organizationArn !== undefined || p.organizationalUnitArn !== undefined) {
    throw new Ec2Error('UnknownParameter', 'Snapshots cannot be shared with organizations or organizational units.');
  }
  if ((p.userId === undefined) === (p.group === undefined)) {
    throw new Ec2Error('InvalidParameterCombination', 'Each create volume permission must specify exactly one of UserId or Group.');
  }
  if (p.userId !== undefined) {
    if (!ACCOUNT_ID.test(p.userId) || !ctx.store.isKnownAccount(p.userId)) throw new Ec2Error('InvalidParameterValue', `Value (${p.userId}) for parameter userId is invalid. The user ID does not exist.`);
    return { userId: p.userId };
  }
  if (p.group !== 'all') throw new Ec2Error('InvalidParameterValue', `Value (${p.group as string}) for parameter group is invalid. Valid values: all.`);
  return { group: 'all' };
}

export const modifySnapshotAttribute: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const p = ctx.params;
    const snapshotId = requiredParam(p, 'SnapshotId');
    if (p.Attribute !== undefined && p.Attribute !== 'createVolumePermission') {
      throw new Ec2Error('InvalidParameterValue', `Value (${p.Attribute}) for parameter attribute is invalid. Only createVolumePermission can be modified.`);
    }
    const snapshot = requireOwnedSnapshot(ctx, snapshotId);
    let add = permissionListParam(p, 'CreateVolumePermission.Add').map((x) => toPermission(ctx, x));
    let remove = permissionListParam(p, 'CreateVolumePermission.Remove').map((x) => toPermission(ctx, x));
    const legacy = [...listParam(p, 'UserId').map((userId) => ({ userId })), ...listParam(p, 'UserGroup').map((group) => ({ group }))];
    if (legacy.length > 0) {
      const op = p.OperationType;
      if (op === undefined || op === '') throw missingParameter('OperationType');
      if (op !== 'add' && op !== 'remove') throw new Ec2Error('InvalidParameterValue', `Value (${op}) for parameter operationType is invalid. Valid values: add, remove.`);
      const checked = legacy.map((x) => toPermission(ctx, x));
      if (op === 'add') add = [...add, ...checked];
      else remove = [...remove, ...checked];
    }
    if (add.length > 0 && remove.length > 0) {
      throw new Ec2Error('InvalidParameterCombination', 'You can specify only one operation type (add or remove) per request.');
    }
    if (add.length === 0 && remove.length === 0) throw missingParameter('CreateVolumePermission');
    if (snapshot.encrypted && add.some((a) => a.group === 'all')) {
      throw new Ec2Error('UnsupportedOperation', "Encrypted snapshots can't be shared publicly. Specify another snapshot.");
    }
    if (snapshot.encrypted && snapshot.kmsKeyManager === 'aws' && add.some((a) => a.userId !== undefined)) {
      throw new Ec2Error('InvalidParameter', "Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.");
    }
    for (const r of remove) ctx.store.removeCreateVolumePermission(ctx.region, snapshotId, r);
    for (const a of add) ctx.store.addCreateVolumePermission(ctx.region, snapshotId, a);
    return '<return>true</return>';
  },
};
