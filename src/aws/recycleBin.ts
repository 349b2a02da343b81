/**
 * The Recycle Bin: deregistered images and deleted snapshots kept by a retention rule, listed and restored.
 * Every method returns a Result and never throws; each passes its AbortSignal to the SDK.
 */
import {
  paginateDescribeSnapshots,
  paginateListImagesInRecycleBin,
  paginateListSnapshotsInRecycleBin,
  RestoreImageFromRecycleBinCommand,
  RestoreSnapshotFromRecycleBinCommand,
} from '@aws-sdk/client-ec2';
import type { BinnedImage, BinnedSnapshot, ExistingSnapshot } from '../model/recycleBin';
import { ok, type Result } from '../model/result';
import { withoutBlindRetry } from './images';
import { ProfileService } from './serviceBase';
import type { RecycleBinOperations } from './types';

function isoOf(date: Date | undefined): { enterTime?: string } | Record<string, never> {
  return date ? { enterTime: date.toISOString() } : {};
}

export class RecycleBinService extends ProfileService implements RecycleBinOperations {
  async listImages(region: string, signal?: AbortSignal): Promise<Result<BinnedImage[]>> {
    if (signal?.aborted) return this.cancelled(region);
    const out: BinnedImage[] = [];
    try {
      for await (const page of paginateListImagesInRecycleBin({ client: this.client(region), pageSize: 1000 }, {}, { abortSignal: signal })) {
        for (const i of page.Images ?? []) {
          if (!i.ImageId) continue;
          out.push({
            imageId: i.ImageId,
            ...(i.Name !== undefined ? { name: i.Name } : {}),
            ...(i.Description !== undefined ? { description: i.Description } : {}),
            ...isoOf(i.RecycleBinEnterTime),
            ...(i.RecycleBinExitTime ? { exitTime: i.RecycleBinExitTime.toISOString() } : {}),
          });
        }
      }
      return ok(out);
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'ListImagesInRecycleBin', region);
    }
  }

  async listSnapshots(region: string, signal?: AbortSignal, snapshotIds?: readonly string[]): Promise<Result<BinnedSnapshot[]>> {
    if (signal?.aborted) return this.cancelled(region);
    const out: BinnedSnapshot[] = [];
    try {
      const input = snapshotIds && snapshotIds.length > 0 ? { SnapshotIds: [...snapshotIds] } : {};
      const config = { client: this.client(region), ...(snapshotIds && snapshotIds.length > 0 ? {} : { pageSize: 1000 }) };
      for await (const page of paginateListSnapshotsInRecycleBin(config, input, { abortSignal: signal })) {
        for (const s of page.Snapshots ?? []) {
          if (!s.SnapshotId) continue;
          out.push({
            snapshotId: s.SnapshotId,
            ...(s.Description !== undefined ? { description: s.Description } : {}),
            ...(s.VolumeId !== undefined ? { volumeId: s.VolumeId } : {}),
            ...isoOf(s.RecycleBinEnterTime),
            ...(s.RecycleBinExitTime ? { exitTime: s.RecycleBinExitTime.toISOString() } : {}),
          });
        }
      }
      return ok(out);
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'ListSnapshotsInRecycleBin', region);
    }
  }

  async listImageSnapshots(region: string, imageId: string, signal?: AbortSignal): Promise<Result<ExistingSnapshot[]>> {
    if (signal?.aborted) return this.cancelled(region);
    const out: ExistingSnapshot[] = [];
    try {
      const input = { OwnerIds: ['self'], Filters: [{ Name: 'description', Values: [`*${imageId}*`] }] };
      for await (const page of paginateDescribeSnapshots({ client: this.client(region), pageSize: 1000 }, input, { abortSignal: signal })) {
        for (const s of page.Snapshots ?? []) {
          if (s.SnapshotId) out.push({ snapshotId: s.SnapshotId, ...(s.Description !== undefined ? { description: s.Description } : {}) });
        }
      }
      return ok(out);
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeSnapshots', region);
    }
  }

  async restoreImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      await this.client(region).send(withoutBlindRetry(new RestoreImageFromRecycleBinCommand({ ImageId: imageId })), { abortSignal: signal });
      return ok(undefined);
    } catch (err) {
      return this.failure(err, 'RestoreImageFromRecycleBin', region);
    }
  }

  async restoreSnapshot(region: string, snapshotId: string, signal?: AbortSignal): Promise<Result<void>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      await this.client(region).send(withoutBlindRetry(new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: snapshotId })), { abortSignal: signal });
      return ok(undefined);
    } catch (err) {
      return this.failure(err, 'RestoreSnapshotFromRecycleBin', region);
    }
  }
}
