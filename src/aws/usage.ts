/**
 * What uses an image: DescribeImageReferences (this account and region) and image usage reports
 * (other accounts). Every method returns a Result and never throws; each passes its AbortSignal to
 * the SDK.
 */
import {
  CreateImageUsageReportCommand,
  DescribeImageUsageReportsCommand,
  paginateDescribeImageReferences,
  paginateDescribeImageUsageReports,
  paginateDescribeImageUsageReportEntries,
  waitForImageUsageReportAvailable,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { ImageReferenceInfo } from '../model/references';
import { fail, ok, type Result } from '../model/result';
import type { UsageReportEntry } from '../model/usage';
import { ProfileService } from './serviceBase';
import type { ReportWaitTiming, UsageOperations, UsageReportInfo, UsageReportOptions } from './types';
import { endsWait, stoppingClient } from './waiting';

/** Waiting for a usage report (wt/bin): the waiter's delays (seconds) and how long at most. */
export const WAIT_REPORT: ReportWaitTiming = { minDelay: 2, maxDelay: 30, maxWaitTime: 15 * 60 };

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

  // ---- usage reports (wt/bin) ----

  async createImageUsageReport(region: string, imageId: string, options: UsageReportOptions = {}, signal?: AbortSignal): Promise<Result<string>> {
    if (signal?.aborted) return this.cancelled(region);
    const types = options.resourceTypes && options.resourceTypes.length > 0 ? options.resourceTypes : (['ec2:Instance', 'ec2:LaunchTemplate'] as const);
    try {
      const out = await this.client(region).send(
        new CreateImageUsageReportCommand({
          ImageId: imageId,
          ResourceTypes: types.map((t) => ({ ResourceType: t })),
          ...(options.accountIds && options.accountIds.length > 0 ? { AccountIds: [...options.accountIds] } : {}),
        }),
        { abortSignal: signal },
      );
      if (!out.ReportId) return fail({ kind: 'unknown', message: `EC2 did not return a report id for ${imageId}.`, action: 'ec2:CreateImageUsageReport', region, ...this.withProfile() });
      return ok(out.ReportId);
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'CreateImageUsageReport', region);
    }
  }

  async waitForReport(region: string, reportId: string, signal?: AbortSignal, timing: ReportWaitTiming = WAIT_REPORT): Promise<Result<void>> {
    const stopped = `Stopped waiting for usage report ${reportId}; it is still being made in ${region}.`;
    if (signal?.aborted) return this.cancelled(region, stopped);
    const client = this.client(region);
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const watched = stoppingClient(client, stop, (err) => endsWait(err));
    let state: string;
    try {
      state = String((await waitForImageUsageReportAvailable({ client: watched.client, ...timing, abortSignal: stop.signal }, { ReportIds: [reportId] })).state);
    } catch (err) {
      return this.failure(err, 'DescribeImageUsageReports', region);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (watched.fatal() !== undefined) return this.failure(watched.fatal(), 'DescribeImageUsageReports', region);
    if (signal?.aborted || state === 'ABORTED') return this.cancelled(region, stopped);
    if (state === 'SUCCESS') return ok(undefined);
    const why = state === 'TIMEOUT' ? `was not ready after ${Math.round(timing.maxWaitTime / 60)} minutes` : await this.reportState(client, reportId, signal);
    return fail({ kind: 'unknown', message: `Usage report ${reportId} ${why}.`, nextStep: 'Try again later.', action: 'ec2:DescribeImageUsageReports', region, ...this.withProfile() });
  }

  /** "failed: reason" from the report itself, for the message of a failed wait. */
  private async reportState(client: EC2Client, reportId: string, signal?: AbortSignal): Promise<string> {
    try {
      const out = await client.send(new DescribeImageUsageReportsCommand({ ReportIds: [reportId] }), { abortSignal: signal });
      const r = out.ImageUsageReports?.[0];
      return r ? `is ${r.State ?? 'in an unknown state'}${r.StateReason ? ` (${r.StateReason})` : ''}` : 'no longer exists';
    } catch {
      return 'failed';
    }
  }

  async listReportEntries(region: string, reportId: string, signal?: AbortSignal): Promise<Result<UsageReportEntry[]>> {
    if (signal?.aborted) return this.cancelled(region);
    const out: UsageReportEntry[] = [];
    try {
      for await (const page of paginateDescribeImageUsageReportEntries({ client: this.client(region), pageSize: 1000 }, { ReportIds: [reportId] }, { abortSignal: signal })) {
        for (const e of page.ImageUsageReportEntries ?? []) {
          if (!e.AccountId || !e.ResourceType) continue;
          out.push({
            accountId: e.AccountId,
            resourceType: e.ResourceType,
            usageCount: e.UsageCount ?? 0,
            ...(e.ReportCreationTime ? { reportCreationTime: e.ReportCreationTime.toISOString() } : {}),
          });
        }
      }
      return ok(out);
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeImageUsageReportEntries', region);
    }
  }

  // ---- clean-up report (wt/cleanup): the usage reports of many images ----

  async listUsageReports(region: string, imageIds: readonly string[], signal?: AbortSignal): Promise<Result<UsageReportInfo[]>> {
    if (signal?.aborted) return this.cancelled(region);
    const ids = [...new Set(imageIds)];
    const out: UsageReportInfo[] = [];
    try {
      for (let i = 0; i < ids.length; i += USAGE_REPORT_IDS_PER_CALL) {
        const input = { ImageIds: ids.slice(i, i + USAGE_REPORT_IDS_PER_CALL) };
        for await (const page of paginateDescribeImageUsageReports({ client: this.client(region) }, input, { abortSignal: signal })) {
          for (const r of page.ImageUsageReports ?? []) {
            if (!r.ReportId || !r.ImageId) continue;
            out.push({
              reportId: r.ReportId,
              imageId: r.ImageId,
              state: r.State ?? 'unknown',
              ...(r.CreationTime ? { creationTime: r.CreationTime.toISOString() } : {}),
            });
          }
        }
      }
      return ok(out);
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeImageUsageReports', region);
    }
  }
}

/** Image ids per DescribeImageUsageReports call in listUsageReports (wt/cleanup). */
export const USAGE_REPORT_IDS_PER_CALL = 20;
