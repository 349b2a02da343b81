/**
 * DeregisterImage: the owner removes an image. Its snapshots stay (DeleteAssociatedSnapshots is
 * not modelled yet). A deregistered image is gone from DescribeImages at once, as EC2 shows it
 * after a short while.
 */
import { Ec2Error, missingParameter } from '../errors';
import { requireVisibleImage, type Operation, type OperationContext } from './context';

export const deregisterImage: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const imageId = ctx.params.ImageId;
    if (imageId === undefined || imageId === '') throw missingParameter('ImageId');
    const image = requireVisibleImage(ctx, imageId);
    if (image.ownerId !== ctx.account) {
      // What EC2 answers for another account's image (a resource-level AuthFailure).
      throw new Ec2Error('AuthFailure', `Not authorized for image:${imageId}`);
    }
    ctx.store.recycleImage(ctx.region, imageId, ctx.now); // wt/bin: kept in the Recycle Bin when the owner has a retention rule
    return '<return>true</return>';
  },
};
