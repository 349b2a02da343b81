/**
 * What uses an image: DescribeImageReferences (this account and region) and image usage reports
 * (other accounts). Every method returns a Result and never throws; each passes its AbortSignal to
 * the SDK.
 */
import { paginateDescribeImageReferences } from '@aws-sdk/client-ec2';
import type { ImageReferenceInfo } from '../model/references';
import { ok, type Result } from '../model/result';
import { ProfileService } from './serviceBase';
import type { UsageOperations } from './types';

/** DescribeImageReferences takes at most this many image ids a call. */
export const REFERENCES_IDS_PER_CALL = 10;

export class UsageService extends ProfileService implements UsageOperations {
  async listImageReferences(region: string, imageIds: readonly string[], signal?: AbortSignal): Promise<Result<ImageReferenceInfo[]>> {
    if (signal?.aborted) return this.cancelled(region);
    const ids = [...new Set(imageIds)];
    const out: ImageReferenceInfo[] = [];
    try {
      for (let i = 0; i < ids.length; i += REFERENCES_IDS_PER_CALL) {
        const input = { ImageIds: ids.slice(i, i + REFERENCES_IDS_PER_CALL), IncludeAllResourceTypes: true };
        for await (const page of paginateDescribeImageReferences({ client: this.client(region) }, input, { abortSignal: signal })) {
          for (const r of page.ImageReferences ?? []) {
            if (!r.ImageId || !r.Arn) continue;
            out.push({ imageId: r.ImageId, resourceType: r.ResourceType ?? 'unknown', arn: r.Arn });
          }
        }
      }
      return ok(out);
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeImageReferences', region);
    }
  }
}
