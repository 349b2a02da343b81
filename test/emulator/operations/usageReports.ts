/**
 * Image usage reports (wt/bin): which other accounts use an image I own, and how much.
 * - CreateImageUsageReport: ImageId (owner only: another account's visible image → AuthFailure
 *   "Not authorized for image:…", an unknown one → InvalidAMIID.NotFound), ResourceType.N.ResourceType
 *   (ec2:Instance, ec2:LaunchTemplate; at least one), AccountId.N (optional: only those accounts).
 *   The report is `pending` for `store.usageReportDelayMs`, then `available`; it expires after 30 days.
 * - DescribeImageUsageReports: ImageId.N, ReportId.N (an unknown one → InvalidImageUsageReportId.NotFound),
 *   filter `state`, MaxResults 1..1000 / NextToken; the caller's reports only.
 * - DescribeImageUsageReportEntries: the entries of available reports (a pending report has none
 *   yet), one per account and resource type with a count above zero; ImageId.N, ReportId.N,
 *   filters `account-id`, `resource-type`, MaxResults 1..1000 / NextToken.
 * What a report finds: the usage the store holds for the image (seeded) plus instances of other
 * accounts launched from it in the emulator and not terminated.
 */
import { Ec2Error } from '../errors';
import { filtersParam, listParam, maxResultsParam, requiredParam, type Params } from '../params';
import type { EmuImageUsage, EmuUsageReport } from '../types';
import { el, escapeXml, list } from '../xml';
import { checkImageId, makeToken, page, readToken, requireVisibleImage, scanList, type Operation, type OperationContext } from './context';

const RESOURCE_TYPES = new Set(['ec2:Instance', 'ec2:LaunchTemplate']);
const DAY = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000Z');
}

/** `ResourceType.N.ResourceType` values, in index order. */
function resourceTypesParam(params: Params): string[] {
  const found: [number, string][] = [];
  for (const key of Object.keys(params)) {
    const m = /^ResourceType\.(\d+)\.ResourceType$/.exec(key);
    if (m) found.push([Number(m[1]), params[key] as string]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

function stateOf(report: EmuUsageReport, now: number): 'pending' | 'available' {
  return now >= report.availableAt ? 'available' : 'pending';
}

export const createImageUsageReport: Operation = {
  mutating: true,
  run(ctx) {
    const imageId = requiredParam(ctx.params, 'ImageId');
    const image = requireVisibleImage(ctx, imageId);
    if (image.ownerId !== ctx.account) throw new Ec2Error('AuthFailure', `Not authorized for image:${imageId}`);
    const types = resourceTypesParam(ctx.params);
    if (types.length === 0) throw new Ec2Error('MissingParameter', 'The request must contain the parameter ResourceTypes');
    for (const t of types) {
      if (!RESOURCE_TYPES.has(t)) throw new Ec2Error('InvalidParameterValue', `Value (${t}) for parameter ResourceType is invalid. Valid values: ec2:Instance, ec2:LaunchTemplate.`);
    }
    const accountIds = listParam(ctx.params, 'AccountId');
    for (const a of accountIds) if (!/^\d{12}$/.test(a)) throw new Ec2Error('InvalidParameterValue', `Value (${a}) for parameter AccountId is invalid.`);

    const counts = new Map<string, EmuImageUsage>();
    const add = (u: EmuImageUsage): void => {
      if (u.accountId === ctx.account || !types.includes(u.resourceType)) return;
      if (accountIds.length > 0 && !accountIds.includes(u.accountId)) return;
      const key = `${u.accountId}/${u.resourceType}`;
      const prior = counts.get(key);
      if (prior) prior.count += u.count;
      else counts.set(key, { ...u });
    };
    for (const u of ctx.store.getImageUsage(ctx.region, imageId)) add(u);
    for (const i of ctx.store.instances(ctx.region)) {
      if (i.imageId === imageId && ctx.store.instanceState(i, ctx.now) !== 'terminated') add({ accountId: i.ownerId, resourceType: 'ec2:Instance', count: 1 });
    }
    const report: EmuUsageReport = {
      reportId: ctx.store.newId('amiur'),
      imageId,
      ownerId: ctx.account,
      region: ctx.region,
      resourceTypes: [...new Set(types)],
      accountIds,
      creationTime: ctx.now,
      availableAt: ctx.now + ctx.store.usageReportDelayMs,
      expirationTime: ctx.now + 30 * DAY,
      tags: [],
      entries: [...counts.values()].filter((u) => u.count > 0),
    };
    ctx.store.addUsageReport(report);
    return el('reportId', report.reportId);
  },
};

/** The caller's reports named by ImageId.N / ReportId.N (all when neither). */
function selectReports(ctx: OperationContext): EmuUsageReport[] {
  const imageIds = listParam(ctx.params, 'ImageId');
  const reportIds = listParam(ctx.params, 'ReportId');
  for (const id of imageIds) checkImageId(id);
  const mine: EmuUsageReport[] = [];
  ctx.store.scanUsageReports(ctx.region, 0, (r) => {
    if (r.ownerId === ctx.account && r.expirationTime > ctx.now) mine.push(r);
    return true;
  });
  for (const id of reportIds) {
    if (!mine.some((r) => r.reportId === id)) throw new Ec2Error('InvalidImageUsageReportId.NotFound', `The image usage report ID '${id}' does not exist`);
  }
  return mine.filter((r) => (imageIds.length === 0 || imageIds.includes(r.imageId)) && (reportIds.length === 0 || reportIds.includes(r.reportId)));
}

function pageOf<T>(ctx: OperationContext, items: T[]): { items: T[]; nextToken: string | undefined } {
  const max = maxResultsParam(ctx.params, 1, 1000);
  const afterSeq = ctx.params.NextToken !== undefined ? readToken(ctx, ctx.params.NextToken) : 0;
  const result = page<T>(scanList(items), afterSeq, max ?? 1000, () => true);
  return { items: result.items, nextToken: result.lastSeq === undefined ? undefined : makeToken(ctx, result.lastSeq) };
}

export const describeImageUsageReports: Operation = {
  mutating: false,
  run(ctx) {
    const filters = filtersParam(ctx.params);
    const states = filters.find((f) => f.name === 'state')?.values;
    for (const f of filters) if (f.name !== 'state') throw new Ec2Error('InvalidParameterValue', `The filter '${f.name}' is invalid`);
    const reports = selectReports(ctx).filter((r) => !states || states.includes(stateOf(r, ctx.now)));
    const { items, nextToken } = pageOf(ctx, reports);
    const body = list('imageUsageReportSet', items, (r) =>
      el('imageId', r.imageId) +
      el('reportId', r.reportId) +
      list('resourceTypeSet', r.resourceTypes, (t) => el('resourceType', t)) +
      (r.accountIds.length > 0 ? list('accountIdSet', r.accountIds, escapeXml) : '') +
      el('state', stateOf(r, ctx.now)) +
      el('creationTime', iso(r.creationTime)) +
      el('expirationTime', iso(r.expirationTime)),
    );
    return body + el('nextToken', nextToken);
  },
};

export const describeImageUsageReportEntries: Operation = {
  mutating: false,
  run(ctx) {
    const filters = filtersParam(ctx.params);
    for (const f of filters) if (f.name !== 'account-id' && f.name !== 'resource-type') throw new Ec2Error('InvalidParameterValue', `The filter '${f.name}' is invalid`);
    const accounts = filters.find((f) => f.name === 'account-id')?.values;
    const types = filters.find((f) => f.name === 'resource-type')?.values;
    const entries: { report: EmuUsageReport; usage: EmuImageUsage }[] = [];
    for (const report of selectReports(ctx)) {
      if (stateOf(report, ctx.now) !== 'available') continue;
      for (const usage of report.entries) {
        if (accounts && !accounts.includes(usage.accountId)) continue;
        if (types && !types.includes(usage.resourceType)) continue;
        entries.push({ report, usage });
      }
    }
    const { items, nextToken } = pageOf(ctx, entries);
    const body = list('imageUsageReportEntrySet', items, ({ report, usage }) =>
      el('resourceType', usage.resourceType) +
      el('reportId', report.reportId) +
      el('usageCount', usage.count) +
      el('accountId', usage.accountId) +
      el('imageId', report.imageId) +
      el('reportCreationTime', iso(report.creationTime)),
    );
    return body + el('nextToken', nextToken);
  },
};
