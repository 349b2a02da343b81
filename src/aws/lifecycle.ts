/**
 * An owned image's life: deregistration (with its snapshots), deregistration protection, deprecation, disabling and enabling.
 * Every method returns a Result and never throws; each passes its AbortSignal to the SDK.
 * Writes are sent once (withoutBlindRetry): after a lost response the caller re-reads the image.
 */
import {
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DisableImageCommand,
  DisableImageDeprecationCommand,
  DisableImageDeregistrationProtectionCommand,
  EnableImageCommand,
  EnableImageDeprecationCommand,
  EnableImageDeregistrationProtectionCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { LIFECYCLE_CODES, type SnapshotDeletion } from '../model/lifecycle';

export { LIFECYCLE_CODES };
import { fail, ok, type Result } from '../model/result';
import { withoutBlindRetry } from './images';
import { ProfileService } from './serviceBase';
import type { LifecycleOperations } from './types';

/**
 * Whether an EC2 error is deregistration protection refusing. EC2's exact code is not documented;
 * assumed OperationNotPermitted (as the emulator answers), recognised also by a message that
 * names deregistration protection or its cooldown, whatever the code.
 */
function isProtectionRefusal(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  const message = e.message ?? '';
  return /deregistration protection|cooldown/i.test(message) && (e.name === 'OperationNotPermitted' || /protect/i.test(message));
}

export class LifecycleService extends ProfileService implements LifecycleOperations {
  async deregisterImage(region: string, imageId: string, options: { deleteSnapshots: boolean }, signal?: AbortSignal): Promise<Result<{ snapshots: SnapshotDeletion[] }>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const input = { ImageId: imageId, ...(options.deleteSnapshots ? { DeleteAssociatedSnapshots: true } : {}) };
      const output = await this.client(region).send(withoutBlindRetry(new DeregisterImageCommand(input)), { abortSignal: signal });
      const snapshots = (output.DeleteSnapshotResults ?? []).flatMap((r) => (r.SnapshotId ? [{ snapshotId: r.SnapshotId, returnCode: r.ReturnCode ?? '' }] : []));
      return ok({ snapshots });
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      if (isProtectionRefusal(err)) {
        return fail({
          kind: 'invalidInput',
          code: LIFECYCLE_CODES.protected,
          message: `${imageId} is protected from deregistration (${(err as Error).message}). Nothing was deregistered.`,
          nextStep: 'Turn off its deregistration protection first.',
          action: 'ec2:DeregisterImage',
          region,
          ...this.withProfile(),
        });
      }
      return this.failure(err, 'DeregisterImage', region);
    }
  }

  async getDeregistrationProtection(region: string, imageId: string, signal?: AbortSignal): Promise<Result<string>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const output = await this.client(region).send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'deregistrationProtection' }), { abortSignal: signal });
      return ok(output.DeregistrationProtection?.Value ?? 'disabled');
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeImageAttribute', region);
    }
  }

  enableDeregistrationProtection(region: string, imageId: string, withCooldown: boolean, signal?: AbortSignal): Promise<Result<void>> {
    return this.write(region, 'EnableImageDeregistrationProtection', signal, (client) => client.send(withoutBlindRetry(new EnableImageDeregistrationProtectionCommand({ ImageId: imageId, ...(withCooldown ? { WithCooldown: true } : {}) })), { abortSignal: signal }));
  }

  disableDeregistrationProtection(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>> {
    return this.write(region, 'DisableImageDeregistrationProtection', signal, (client) => client.send(withoutBlindRetry(new DisableImageDeregistrationProtectionCommand({ ImageId: imageId })), { abortSignal: signal }));
  }

  enableDeprecation(region: string, imageId: string, at: Date, signal?: AbortSignal): Promise<Result<void>> {
    if (Number.isNaN(at.getTime())) return Promise.resolve(fail({ kind: 'invalidInput', message: 'The deprecation time is not a valid date. Nothing was sent.', region }));
    return this.write(region, 'EnableImageDeprecation', signal, (client) => client.send(withoutBlindRetry(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: at })), { abortSignal: signal }));
  }

  disableDeprecation(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>> {
    return this.write(region, 'DisableImageDeprecation', signal, (client) => client.send(withoutBlindRetry(new DisableImageDeprecationCommand({ ImageId: imageId })), { abortSignal: signal }));
  }

  disableImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>> {
    return this.write(region, 'DisableImage', signal, (client) => client.send(withoutBlindRetry(new DisableImageCommand({ ImageId: imageId })), { abortSignal: signal }));
  }

  enableImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>> {
    return this.write(region, 'EnableImage', signal, (client) => client.send(withoutBlindRetry(new EnableImageCommand({ ImageId: imageId })), { abortSignal: signal }));
  }

  /** One write sent once; the typed failure of its error. */
  private async write(region: string, action: string, signal: AbortSignal | undefined, send: (client: EC2Client) => Promise<unknown>): Promise<Result<void>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      await send(this.client(region));
      return ok(undefined);
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, action, region);
    }
  }
}
