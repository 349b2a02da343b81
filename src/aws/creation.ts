/**
 * Creating images: CopyImage, CreateImage (from an instance), RegisterImage (from a snapshot), and waiting until a new image is available.
 * Every method returns a Result and never throws; each passes its AbortSignal to the SDK.
 *
 * Lost answers: CopyImage carries a ClientToken, so the SDK's own retry of a reset connection is
 * safe (EC2 answers the first copy's id). CreateImage and RegisterImage carry none: they are sent
 * once (withoutBlindRetry) and a lost answer is followed by a look-up of the name, which is unique
 * per owner and region — never by a second call.
 */
import {
  CopyImageCommand,
  CreateImageCommand,
  RegisterImageCommand,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeSnapshots,
  waitUntilImageAvailable,
  type Tag,
  type TagSpecification,
} from '@aws-sdk/client-ec2';
import type { CopyImageRequest, CreatedImage, CreateImageRequest, InstanceSummary, RegisterRequest, SnapshotSummary } from '../model/imageCreation';
import { fail, ok, type Result } from '../model/result';
import { isLostResponse, isServerError } from './errors';
import { withoutBlindRetry } from './images';
import { redact } from './redact';
import { ProfileService } from './serviceBase';
import type { ImageCreationOperations } from './types';
import { endsWait, stoppingClient } from './waiting';

/** Waiting for a new image: the waiter's delays (seconds) and how long at most (copies of large images take hours). */
export const WAIT_AVAILABLE = { minDelay: 3, maxDelay: 30, maxWaitTime: 4 * 60 * 60 };

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  state?: string;
  reason?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function nameTag(tags: Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value;
}

function tagList(tags: Record<string, string> | undefined): Tag[] {
  return Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

export class CreationService extends ProfileService implements ImageCreationOperations {
  async copyImage(targetRegion: string, request: CopyImageRequest, clientToken: string, signal?: AbortSignal): Promise<Result<CreatedImage>> {
    if (signal?.aborted) return this.cancelled(targetRegion);
    if (clientToken.trim() === '' || clientToken.length > 64) {
      return fail({ kind: 'invalidInput', message: 'A copy needs a client token of 1 to 64 characters. Nothing was sent.', region: targetRegion, ...this.withProfile() });
    }
    const input = {
      SourceRegion: request.sourceRegion,
      SourceImageId: request.sourceImageId,
      Name: request.name,
      ...(request.description !== undefined ? { Description: request.description } : {}),
      ...(request.encrypted ? { Encrypted: true } : {}),
      ...(request.encrypted && request.kmsKeyId ? { KmsKeyId: request.kmsKeyId } : {}),
      CopyImageTags: request.copyTags,
      ClientToken: clientToken,
    };
    try {
      // The SDK may retry a lost answer on its own: the same ClientToken makes EC2 answer the first copy.
      const output = await this.client(targetRegion).send(new CopyImageCommand(input), { abortSignal: signal });
      if (!output.ImageId) return fail({ kind: 'unknown', message: 'EC2 accepted CopyImage but sent no image id.', action: 'ec2:CopyImage', region: targetRegion, ...this.withProfile() });
      return ok({ imageId: output.ImageId });
    } catch (err) {
      return this.recoverLost(err, 'CopyImage', targetRegion, request.name, signal, 'Send the same copy again: it carries the same client token, so EC2 copies at most once.');
    }
  }

  async createImage(region: string, request: CreateImageRequest, signal?: AbortSignal): Promise<Result<CreatedImage>> {
    if (signal?.aborted) return this.cancelled(region);
    const tags = tagList(request.tags);
    const TagSpecifications: TagSpecification[] = tags.length > 0 ? [{ ResourceType: 'image', Tags: tags }, { ResourceType: 'snapshot', Tags: tags }] : [];
    const command = new CreateImageCommand({
      InstanceId: request.instanceId,
      Name: request.name,
      ...(request.description ? { Description: request.description } : {}),
      NoReboot: request.noReboot,
      ...(TagSpecifications.length > 0 ? { TagSpecifications } : {}),
    });
    try {
      const output = await this.client(region).send(withoutBlindRetry(command), { abortSignal: signal });
      if (!output.ImageId) return fail({ kind: 'unknown', message: 'EC2 accepted CreateImage but sent no image id.', action: 'ec2:CreateImage', region, ...this.withProfile() });
      return ok({ imageId: output.ImageId });
    } catch (err) {
      return this.recoverLost(err, 'CreateImage', region, request.name, signal, `Look for an image named "${request.name}" in ${region} before trying again.`);
    }
  }

  async registerImage(region: string, request: RegisterRequest, signal?: AbortSignal): Promise<Result<CreatedImage>> {
    if (signal?.aborted) return this.cancelled(region);
    const command = new RegisterImageCommand({
      ...request,
      // Stated again so no caller can leave them out: EC2's defaults are i386 and paravirtual.
      Architecture: request.Architecture,
      VirtualizationType: 'hvm',
      BlockDeviceMappings: request.BlockDeviceMappings.map((m) => ({ DeviceName: m.DeviceName, Ebs: { ...m.Ebs, VolumeType: m.Ebs.VolumeType as 'gp3' } })),
    });
    try {
      const output = await this.client(region).send(withoutBlindRetry(command), { abortSignal: signal });
      if (!output.ImageId) return fail({ kind: 'unknown', message: 'EC2 accepted RegisterImage but sent no image id.', action: 'ec2:RegisterImage', region, ...this.withProfile() });
      return ok({ imageId: output.ImageId });
    } catch (err) {
      return this.recoverLost(err, 'RegisterImage', region, request.Name, signal, `Look for an image named "${request.Name}" in ${region} before trying again.`);
    }
  }

  /**
   * After a failed write: unless the answer was lost (connection closed, or a server error), the
   * failure as it is. Otherwise the image is looked up by its name: found → `recovered`; not found →
   * a `ResponseLost` failure that says it is not known whether the image was made.
   */
  private async recoverLost(err: unknown, action: string, region: string, name: string, signal: AbortSignal | undefined, nextStep: string): Promise<Result<CreatedImage>> {
    if (signal?.aborted) return this.cancelled(region, `Cancelled while waiting for EC2 to answer ${action}: the image "${name}" may have been made; look for it in ${region}.`);
    const lost = isLostResponse(err);
    if (!lost && !isServerError(err)) return this.withEc2Message(err, action, region);
    const found = await this.findImageByName(region, name);
    if (found.ok && found.value) return ok({ imageId: found.value, recovered: true });
    const failed = await this.withEc2Message(err, action, region);
    if (failed.ok) return failed;
    const e = err as SdkError;
    const what = lost
      ? `The connection to EC2 in ${region} closed before it answered ${action} (${redact(e.code ?? e.message ?? 'reset')}).`
      : `EC2 in ${region} answered ${action} with a server error (HTTP ${e.$metadata?.httpStatusCode ?? 500}).`;
    const lookup = found.ok ? `No image named "${name}" was found yet` : `Looking for an image named "${name}" failed too (${found.error.message})`;
    return fail({ ...failed.error, kind: lost ? 'unreachable' : failed.error.kind, code: 'ResponseLost', message: `${what} ${lookup}, so it is not known whether it was made.`, nextStep });
  }

  /** The typed failure, keeping EC2's own message (it names the rule: duplicate name, bad snapshot…). */
  private async withEc2Message(err: unknown, action: string, region: string): Promise<Result<CreatedImage>> {
    const result = await this.failure<CreatedImage>(err, action, region);
    if (result.ok) return result;
    const e = err as SdkError;
    const message = redact(e.message?.trim() ?? '');
    const f = result.error;
    if (e.name && e.name !== 'Error' && message && (f.kind === 'unknown' || f.kind === 'invalidInput' || f.kind === 'notFound') && !f.message.includes(message)) {
      f.message = `${message}${/[.!?]$/.test(message) ? '' : '.'}`;
      f.code ??= e.name;
    }
    return result;
  }

  async listInstances(region: string, signal?: AbortSignal): Promise<Result<InstanceSummary[]>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const out: InstanceSummary[] = [];
      for await (const page of paginateDescribeInstances({ client: this.client(region), pageSize: 1000 }, {}, { abortSignal: signal })) {
        for (const i of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
          const state = i.State?.Name ?? 'pending';
          if (!i.InstanceId || state === 'terminated') continue;
          const name = nameTag(i.Tags);
          out.push({
            instanceId: i.InstanceId,
            state,
            ...(name !== undefined ? { name } : {}),
            ...(i.InstanceType ? { instanceType: i.InstanceType } : {}),
            ...(i.Platform ? { platform: String(i.Platform).toLowerCase() } : {}),
            ...(i.ImageId ? { imageId: i.ImageId } : {}),
            ...(i.LaunchTime ? { launchTime: new Date(i.LaunchTime).toISOString() } : {}),
          });
        }
      }
      return ok(out.sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || a.instanceId.localeCompare(b.instanceId)));
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeInstances', region);
    }
  }

  async listOwnedSnapshots(region: string, signal?: AbortSignal): Promise<Result<SnapshotSummary[]>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const out: SnapshotSummary[] = [];
      const input = { OwnerIds: ['self'], Filters: [{ Name: 'status', Values: ['completed'] }] };
      for await (const page of paginateDescribeSnapshots({ client: this.client(region), pageSize: 1000 }, input, { abortSignal: signal })) {
        for (const s of page.Snapshots ?? []) {
          if (!s.SnapshotId) continue;
          const name = nameTag(s.Tags);
          out.push({
            snapshotId: s.SnapshotId,
            volumeSize: s.VolumeSize ?? 0,
            state: s.State ?? 'completed',
            encrypted: s.Encrypted === true,
            ...(name !== undefined ? { name } : {}),
            ...(s.Description ? { description: s.Description } : {}),
            ...(s.StartTime ? { startTime: new Date(s.StartTime).toISOString() } : {}),
          });
        }
      }
      return ok(out.sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? '') || a.snapshotId.localeCompare(b.snapshotId)));
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeSnapshots', region);
    }
  }

  async findImageByName(region: string, name: string, signal?: AbortSignal): Promise<Result<string | undefined>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const input = { Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }], IncludeDeprecated: true, IncludeDisabled: true };
      for await (const page of paginateDescribeImages({ client: this.client(region), pageSize: 1000 }, input, { abortSignal: signal })) {
        const found = (page.Images ?? []).find((i) => i.Name === name && i.ImageId && i.State !== 'deregistered');
        if (found?.ImageId) return ok(found.ImageId);
      }
      return ok(undefined);
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeImages', region);
    }
  }

  /**
   * waitUntilImageAvailable polls DescribeImages with backoff. Its acceptors retry every error until
   * the maximum wait, which would hide for hours an error retrying cannot mend: the client it gets
   * stops it at such an error (endsWait), and the wait ends with that error.
   */
  async waitUntilAvailable(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>> {
    const stopped = `Stopped waiting for ${imageId} to be available. Nothing was cancelled in AWS: the image keeps being made in ${region}.`;
    if (signal?.aborted) return this.cancelled(region, stopped);
    const client = this.client(region);
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const watched = stoppingClient(client, stop, (err) => endsWait(err, 'InvalidAMIID.NotFound'));
    try {
      await waitUntilImageAvailable({ client: watched.client, ...WAIT_AVAILABLE, abortSignal: stop.signal }, { ImageIds: [imageId], IncludeDisabled: true, IncludeDeprecated: true });
      return ok(undefined);
    } catch (err) {
      if (watched.fatal() !== undefined) return this.failure(watched.fatal(), 'DescribeImages', region);
      if (signal?.aborted) return this.cancelled(region, stopped);
      // The waiter throws an Error whose message is its result as JSON ({ state, reason }).
      const e = err as SdkError;
      let parsed: { state?: string; reason?: unknown } = {};
      try {
        parsed = JSON.parse(e.message ?? '') as { state?: string; reason?: unknown };
      } catch {
        // not a waiter result
      }
      const state = e.name === 'TimeoutError' ? 'TIMEOUT' : parsed.state;
      e.reason ??= parsed.reason;
      if (state === 'TIMEOUT') {
        return fail({
          kind: 'unknown',
          message: `${imageId} was not available after ${WAIT_AVAILABLE.maxWaitTime / 3600} hours. It keeps being made in ${region}.`,
          nextStep: 'Refresh the region later, or look at the image in the EC2 console.',
          action: 'ec2:DescribeImages',
          region,
          ...this.withProfile(),
        });
      }
      if (state === 'FAILURE') {
        const reason = (e.reason as { Images?: { StateReason?: { Message?: string } }[] } | undefined)?.Images?.[0]?.StateReason?.Message;
        return fail({
          kind: 'unknown',
          message: `${imageId} failed in ${region}${reason ? `: ${redact(reason)}` : '.'}`,
          nextStep: 'Deregister the failed image, check the source (snapshot, instance or key permissions) and try again.',
          action: 'ec2:DescribeImages',
          region,
          ...this.withProfile(),
        });
      }
      return this.failure(err, 'DescribeImages', region);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
