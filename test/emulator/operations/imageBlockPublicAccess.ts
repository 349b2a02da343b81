/**
 * Block public access for AMIs, per account and region: GetImageBlockPublicAccessState,
 * EnableImageBlockPublicAccess (`ImageBlockPublicAccessState=block-new-sharing`, the only value)
 * and DisableImageBlockPublicAccess. While it is on, ModifyImageAttribute refuses Group=all.
 * When a declarative policy manages it (`managedBy`, set by tests through the store), the account
 * cannot change it: enable and disable answer OperationNotPermitted.
 */
import { Ec2Error } from '../errors';
import { requiredParam } from '../params';
import { el } from '../xml';
import type { Operation, OperationContext } from './context';

function checkNotPolicyManaged(ctx: OperationContext): void {
  if (ctx.store.getImageBlockPublicAccess(ctx.account, ctx.region).managedBy === 'declarative-policy') {
    throw new Ec2Error('OperationNotPermitted', 'Block public access for AMIs is managed by a declarative policy of your organization and cannot be changed by the account.');
  }
}

export const getImageBlockPublicAccessState: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const s = ctx.store.getImageBlockPublicAccess(ctx.account, ctx.region);
    return el('imageBlockPublicAccessState', s.state) + el('managedBy', s.managedBy);
  },
};

export const enableImageBlockPublicAccess: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const state = requiredParam(ctx.params, 'ImageBlockPublicAccessState');
    if (state !== 'block-new-sharing') {
      throw new Ec2Error('InvalidParameterValue', `Value (${state}) for parameter imageBlockPublicAccessState is invalid. Valid values: block-new-sharing.`);
    }
    checkNotPolicyManaged(ctx);
    ctx.store.setImageBlockPublicAccess(ctx.account, ctx.region, { state: 'block-new-sharing' });
    return el('imageBlockPublicAccessState', 'block-new-sharing');
  },
};

export const disableImageBlockPublicAccess: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    checkNotPolicyManaged(ctx);
    ctx.store.setImageBlockPublicAccess(ctx.account, ctx.region, { state: 'unblocked' });
    return el('imageBlockPublicAccessState', 'unblocked');
  },
};
