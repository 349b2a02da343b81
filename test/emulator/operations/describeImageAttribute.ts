/**
 * DescribeImageAttribute for every attribute name EC2 accepts. As EC2 does:
 * - launchPermission, lastLaunchedTime and deregistrationProtection are for the owner only; anyone
 *   else gets AuthFailure "Not authorized for image:…";
 * - blockDeviceMapping is deprecated and answers AuthFailure for everyone (describe the image
 *   instead), per the API reference;
 * - an attribute without a value is an empty element (`<kernel/>`).
 */
import { Ec2Error } from '../errors';
import { requiredParam } from '../params';
import { renderLaunchPermission, renderProductCodes } from '../render';
import type { EmuImage } from '../types';
import { el, list } from '../xml';
import { requireVisibleImage, type Operation, type OperationContext } from './context';

type Renderer = (image: EmuImage) => string;

/** `<name><value>v</value></name>`, or `<name/>` when there is no value. */
function valueAttr(name: string, value: string | undefined): string {
  return value === undefined ? `<${name}/>` : `<${name}>${el('value', value)}</${name}>`;
}

const ATTRIBUTES: Record<string, Renderer> = {
  description: (i) => valueAttr('description', i.description),
  kernel: (i) => valueAttr('kernel', i.kernelId),
  ramdisk: (i) => valueAttr('ramdisk', i.ramdiskId),
  launchPermission: (i) => list('launchPermission', i.launchPermissions, renderLaunchPermission),
  productCodes: (i) => renderProductCodes(i.productCodes),
  sriovNetSupport: (i) => valueAttr('sriovNetSupport', i.sriovNetSupport),
  bootMode: (i) => valueAttr('bootMode', i.bootMode),
  tpmSupport: (i) => valueAttr('tpmSupport', i.tpmSupport),
  uefiData: (i) => valueAttr('uefiData', i.uefiData),
  lastLaunchedTime: (i) => valueAttr('lastLaunchedTime', i.lastLaunchedTime),
  imdsSupport: (i) => valueAttr('imdsSupport', i.imdsSupport),
  deregistrationProtection: (i) => valueAttr('deregistrationProtection', i.deregistrationProtection ?? 'disabled'),
};

const OWNER_ONLY = new Set(['launchPermission', 'lastLaunchedTime', 'deregistrationProtection']);

export const IMAGE_ATTRIBUTE_NAMES = [...Object.keys(ATTRIBUTES), 'blockDeviceMapping'];

export const describeImageAttribute: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const attribute = requiredParam(ctx.params, 'Attribute');
    const imageId = requiredParam(ctx.params, 'ImageId');
    const render = Object.prototype.hasOwnProperty.call(ATTRIBUTES, attribute) ? ATTRIBUTES[attribute] : undefined;
    if (!render && attribute !== 'blockDeviceMapping') {
      throw new Ec2Error('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
    const image = requireVisibleImage(ctx, imageId);
    if (!render) {
      throw new Ec2Error('AuthFailure', 'The blockDeviceMapping attribute is no longer supported. To get the block device mappings of an AMI, describe the image instead.');
    }
    if (OWNER_ONLY.has(attribute) && image.ownerId !== ctx.account) {
      throw new Ec2Error('AuthFailure', `Not authorized for image:${image.imageId}`);
    }
    return el('imageId', image.imageId) + render(image);
  },
};
