/**
 * CancelImageLaunchPermission: a recipient removes its own account from an image's launch
 * permissions. Only an explicit share (UserId = the caller) can be cancelled. For an image shared
 * through the caller's organization or OU, a public image, the caller's own image, or one not shared
 * with it, EC2 answers InvalidAMIID.NotFound (the same answer as for an image that does not exist;
 * observed by cloud-custodian's maintainers, PR #8728), so the emulator does too.
 */
import { requiredParam } from '../params';
import { checkImageId, imageNotFound, type Operation, type OperationContext } from './context';

export const cancelImageLaunchPermission: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const imageId = requiredParam(ctx.params, 'ImageId');
    checkImageId(imageId);
    const image = ctx.store.getImage(ctx.region, imageId);
    if (!image || image.ownerId === ctx.account || image.state === 'disabled' || !image.launchPermissions.some((p) => p.userId === ctx.account)) {
      throw imageNotFound([imageId]);
    }
    ctx.store.removeLaunchPermission(ctx.region, imageId, { userId: ctx.account });
    return '<return>true</return>';
  },
};
