/**
 * An owned image's life after it was made (issue #10), owner only:
 * - Enable/DisableImageDeregistrationProtection: the image's `deregistrationProtection` becomes
 *   'enabled' or 'enabled-with-cooldown' (WithCooldown); turning it off makes it 'disabled', or,
 *   when it was on with a cooldown, 'disabled-until <ISO time 24 h ahead>' (DeregisterImage keeps
 *   refusing until then, deregisterImage.ts). Both answer `return` with the new value (the SDK's
 *   shape is a string; assumed to carry the state).
 * - EnableImageDeprecation (DeprecateAt, rounded to the nearest minute; not in the past; at most
 *   10 years ahead, and for a public image at most 2 years after its creation: InvalidParameterValue)
 *   and DisableImageDeprecation (removes it).
 * - DisableImage: state `disabled`, every launch permission removed (a public image becomes
 *   private, as EC2 documents); EnableImage: back to `available`, permissions not restored.
 * The lifecycle clock is store.lifecycleNow (tests move it without touching request signing).
 */
import { Ec2Error, invalidParameterValue } from '../errors';
import { boolParam, requiredParam } from '../params';
import type { EmuImage } from '../types';
import { isPublicImage } from '../types';
import { el } from '../xml';
import { requireVisibleImage, type Operation, type OperationContext } from './context';
import { DISABLED_UNTIL } from './deregisterImage';

const DAY_MS = 24 * 60 * 60 * 1000;

function ownedImage(ctx: OperationContext): EmuImage {
  const imageId = requiredParam(ctx.params, 'ImageId');
  const image = requireVisibleImage(ctx, imageId);
  if (image.ownerId !== ctx.account) throw new Ec2Error('AuthFailure', `Not authorized for image:${imageId}`);
  return image;
}

function addYears(ms: number, years: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

export const enableImageDeregistrationProtection: Operation = {
  mutating: true,
  run(ctx) {
    const image = ownedImage(ctx);
    const value = boolParam(ctx.params, 'WithCooldown') ? 'enabled-with-cooldown' : 'enabled';
    ctx.store.modifyImage(ctx.region, image.imageId, { deregistrationProtection: value });
    return el('return', value);
  },
};

export const disableImageDeregistrationProtection: Operation = {
  mutating: true,
  run(ctx) {
    const image = ownedImage(ctx);
    const current = image.deregistrationProtection ?? 'disabled';
    let value = current;
    if (current === 'enabled') value = 'disabled';
    else if (current === 'enabled-with-cooldown') value = `${DISABLED_UNTIL}${new Date(ctx.store.lifecycleNow(ctx.now) + DAY_MS).toISOString()}`;
    ctx.store.modifyImage(ctx.region, image.imageId, { deregistrationProtection: value });
    return el('return', value);
  },
};

export const enableImageDeprecation: Operation = {
  mutating: true,
  run(ctx) {
    const image = ownedImage(ctx);
    const raw = requiredParam(ctx.params, 'DeprecateAt');
    const parsed = Date.parse(raw);
    if (Number.isNaN(parsed)) throw invalidParameterValue('DeprecateAt', raw, 'Expected a date and time in UTC (YYYY-MM-DDTHH:MM:SSZ).');
    const at = Math.round(parsed / 60_000) * 60_000;
    const now = ctx.store.lifecycleNow(ctx.now);
    if (at < now) throw invalidParameterValue('DeprecateAt', raw, 'The deprecation time cannot be in the past.');
    if (at > addYears(now, 10)) throw invalidParameterValue('DeprecateAt', raw, 'The deprecation time cannot be more than 10 years from now.');
    if (isPublicImage(image) && at > addYears(Date.parse(image.creationDate), 2)) {
      throw invalidParameterValue('DeprecateAt', raw, 'For a public AMI the deprecation time cannot be more than 2 years after its creation date.');
    }
    ctx.store.modifyImage(ctx.region, image.imageId, { deprecationTime: new Date(at).toISOString() });
    return '<return>true</return>';
  },
};

export const disableImageDeprecation: Operation = {
  mutating: true,
  run(ctx) {
    const image = ownedImage(ctx);
    delete image.deprecationTime;
    return '<return>true</return>';
  },
};

export const disableImage: Operation = {
  mutating: true,
  run(ctx) {
    const image = ownedImage(ctx);
    if (image.state !== 'available') {
      throw new Ec2Error('IncorrectState', `The image ${image.imageId} is in state '${image.state}'; only an available image can be disabled.`);
    }
    ctx.store.modifyImage(ctx.region, image.imageId, { state: 'disabled', launchPermissions: [] });
    return '<return>true</return>';
  },
};

export const enableImage: Operation = {
  mutating: true,
  run(ctx) {
    const image = ownedImage(ctx);
    if (image.state !== 'disabled') {
      throw new Ec2Error('IncorrectState', `The image ${image.imageId} is in state '${image.state}'; only a disabled image can be enabled.`);
    }
    ctx.store.modifyImage(ctx.region, image.imageId, { state: 'available' });
    return '<return>true</return>';
  },
};
