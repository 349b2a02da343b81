/**
 * Image operations for one profile: DescribeImages (one page per call), DescribeImageAttribute,
 * DescribeSnapshots and GetImageAncestry, mapped to the view model. Every method returns a
 * Result and never throws; each takes an optional AbortSignal that is passed to the SDK.
 */
import {
  CancelImageLaunchPermissionCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeSnapshotAttributeCommand,
  GetImageAncestryCommand,
  GetImageBlockPublicAccessStateCommand,
  // hygiene (#11)
  GetAllowedImagesSettingsCommand,
  type ImageCriterion,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  paginateDescribeSnapshots,
  type DescribeImagesCommandInput,
  type EC2Client,
  type Filter,
  type LaunchPermission as SdkLaunchPermission,
} from '@aws-sdk/client-ec2';
import { removedKeys, type TagChange } from '../model/changes';
import type { AmiImage, AncestryEntry, ImageAttributeName, ImageAttributeValue, SnapshotInfo } from '../model/image';
import { IMAGE_ATTRIBUTE_NAMES } from '../model/image';
import {
  ACCOUNT_ID_PATTERN,
  checkEntry,
  describeInvalid,
  stateFromPermissions,
  type CreateVolumePermissionState,
  type ImageBlockPublicAccess,
  type InvalidEntry,
  type LaunchPermissionModification,
  type LaunchPermissionState,
} from '../model/launchPermissions';
import type { LaunchPermission } from '../model/image';
import { PAGE_SIZE, clampToBounds } from '../model/limits';
import { toAmiImage, toAncestryEntry, toImageAttributeValue, toSnapshotInfo } from '../model/imageMapping';
import { fail, ok, type Result } from '../model/result';
import type { ClientPool } from './clients';
import { isLostResponse } from './errors';
import type { CallerIdentity } from './identity';
import type { Session } from './session';
import type { ImageFilter, ImageOperations, OwnerScope, Page, PageRequest } from './types';
// hygiene (#11)
import type { AllowedImagesCriterion, AllowedImagesSettings } from '../model/hygiene';

/** Snapshot ids per DescribeSnapshots call. */
const SNAPSHOT_CHUNK = 200;

const IMAGE_ATTRIBUTES: readonly ImageAttributeName[] = IMAGE_ATTRIBUTE_NAMES;

/** ImageFilter → EC2 Filters. Tag filters keep the caller's wildcards. */
function toEc2Filters(filter: ImageFilter): Filter[] {
  const filters: Filter[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') filters.push({ Name: name, Values: [value] });
  };
  add('name', filter.name);
  add('architecture', filter.architecture);
  add('state', filter.state);
  add('platform', filter.platform);
  for (const [key, value] of Object.entries(filter.tags ?? {})) add(`tag:${key}`, value);
  add('tag-key', filter.tagKey);
  if (filter.isPublic !== undefined) add('is-public', String(filter.isPublic));
  // find (issue #11)
  add('description', filter.description);
  add('tag-value', filter.tagValue);
  return filters;
}

/** Scope → Owners / ExecutableUsers. */
function scopeInput(scope: OwnerScope): Pick<DescribeImagesCommandInput, 'Owners' | 'ExecutableUsers'> {
  switch (scope.kind) {
    case 'self':
      return { Owners: ['self'] };
    case 'sharedWithMe':
      return { ExecutableUsers: ['self'] };
    case 'amazon':
      return { Owners: ['amazon'] };
    case 'marketplace':
      return { Owners: ['aws-marketplace'] };
    case 'accounts':
      return { Owners: scope.accountIds.map((id) => id.trim()).filter((id) => id !== '') };
  }
}

function cancelled<T>(region: string): Result<T> {
  return fail({ kind: 'cancelled', message: 'The operation was cancelled.', region });
}

/** Entries of a modification that may not be sent (validated as the editor does, without the owner check). */
function invalidPermissions(change: LaunchPermissionModification): InvalidEntry[] {
  const bad: InvalidEntry[] = [];
  for (const p of [...change.add, ...change.remove]) {
    const fields = [p.userId, p.organizationArn, p.organizationalUnitArn, p.group].filter((v) => v !== undefined);
    if (fields.length !== 1) {
      bad.push({ input: JSON.stringify(p), reason: 'each launch permission names exactly one account, organization, OU or the public group' });
      continue;
    }
    if (p.group !== undefined) {
      if (p.group !== 'all') bad.push({ input: String(p.group), reason: 'the only group is "all" (public)' });
      continue;
    }
    const value = (p.userId ?? p.organizationArn ?? p.organizationalUnitArn) as string;
    const checked = checkEntry(value);
    const expected = p.userId !== undefined ? 'account' : p.organizationArn !== undefined ? 'organization' : 'organizationalUnit';
    if (!checked.ok) bad.push(checked.invalid);
    else if (checked.entry.kind !== expected || checked.entry.value !== value) bad.push({ input: value, reason: `this is not ${expected === 'account' ? 'an account id' : expected === 'organization' ? 'an organization ARN' : 'an OU ARN'}` });
  }
  return bad;
}

function toSdkPermission(p: LaunchPermission): SdkLaunchPermission {
  if (p.group === 'all') return { Group: 'all' };
  if (p.userId !== undefined) return { UserId: p.userId };
  if (p.organizationArn !== undefined) return { OrganizationArn: p.organizationArn };
  return { OrganizationalUnitArn: p.organizationalUnitArn as string };
}

/**
 * Makes a write's lost response final for this call: the SDK retries a reset connection on its
 * own, which for a write would be a blind second attempt. Inside the retry step, a connection
 * that closed without an HTTP answer becomes a `ResponseLost` error the retry strategy does not
 * retry; the caller (ImageWrites) then re-reads the state to learn whether the write took effect.
 */
export function withoutBlindRetry<C extends { middlewareStack: { add: (...args: never[]) => unknown } }>(command: C): C {
  const add = command.middlewareStack.add as unknown as (
    mw: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
    options: { step: 'finalizeRequest'; priority: 'low'; name: string; override: boolean },
  ) => void;
  add.call(
    command.middlewareStack,
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        if (!isLostResponse(err)) throw err;
        const e = err as { code?: string; message?: string };
        const lost = new Error(`The connection closed before EC2 answered (${e.code ?? e.message ?? 'reset'}).`);
        lost.name = 'ResponseLost';
        throw lost;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'amiExplorerNoBlindRetry', override: true },
  );
  return command;
}

export class ImageService implements ImageOperations {
  /** The profile's account id, learned once (it is the same in every region). */
  private accountId: string | undefined;
  /** Per region, the Owners=self look-up of it, kept also when it found nothing (no image of mine there). */
  private readonly accountIdLookups = new Map<string, Promise<string | undefined>>();

  constructor(
    readonly profile: string | undefined,
    private readonly pool: ClientPool,
    private readonly session: Session,
    private readonly identity: CallerIdentity,
  ) {}

  private client(region: string): EC2Client {
    return this.pool.get(this.profile, region);
  }

  /** The typed failure; an AuthFailure about the caller is diagnosed with STS first (identity.ts). */
  private async failure<T>(err: unknown, action: string, region: string): Promise<Result<T>> {
    return fail(await this.identity.explain(err, { action, region, endpoint: this.pool.endpointFor(region), ...(this.profile ? { profile: this.profile } : {}) }, this.profile));
  }

  async listImages(region: string, scope: OwnerScope, filter: ImageFilter, page: PageRequest, signal?: AbortSignal): Promise<Result<Page<AmiImage>>> {
    if (signal?.aborted) return cancelled(region);
    const owners = scopeInput(scope);
    if (scope.kind === 'accounts' && owners.Owners?.length === 0) {
      return fail({ kind: 'invalidInput', message: 'No account ids were given for the "accounts" owner scope.', nextStep: 'Enter one or more 12-digit account ids.', region });
    }
    const filters = toEc2Filters(filter);
    if (scope.kind === 'sharedWithMe' && filter.isPublic === undefined) {
      // Public images are everyone's, not shared with me: keep them out of this scope.
      filters.push({ Name: 'is-public', Values: ['false'] });
    }
    const input: DescribeImagesCommandInput = {
      ...owners,
      MaxResults: clampToBounds(page.pageSize, PAGE_SIZE),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      ...(filters.length ? { Filters: filters } : {}),
      ...(filter.includeDeprecated ? { IncludeDeprecated: true } : {}),
      ...(filter.includeDisabled ? { IncludeDisabled: true } : {}),
    };
    try {
      const output = await this.client(region).send(new DescribeImagesCommand(input), { abortSignal: signal });
      let images = (output.Images ?? []).map((i) => toAmiImage(i, region)).filter((i): i is AmiImage => i !== undefined);
      if (scope.kind === 'sharedWithMe') {
        const me = await this.myAccountId(region, signal);
        if (me) images = images.filter((i) => i.ownerId !== me);
      }
      return ok(output.NextToken ? { items: images, nextToken: output.NextToken } : { items: images });
    } catch (err) {
      return this.failure(err, 'DescribeImages', region);
    }
  }

  /**
   * My account id, to drop my own images from "shared with me" (ExecutableUsers=self also
   * matches them). From the credentials when they carry it; otherwise from one image of mine in
   * this region (Owners=self). If I own none here there is nothing to drop, so no STS client.
   * The look-up is made once per region, whatever it found; a failed one is tried again next time.
   */
  private async myAccountId(region: string, signal?: AbortSignal): Promise<string | undefined> {
    this.accountId ??= this.session.cachedAccountId(this.profile);
    if (this.accountId) return this.accountId;
    let lookup = this.accountIdLookups.get(region);
    if (!lookup) {
      lookup = this.client(region)
        .send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: PAGE_SIZE.min, IncludeDeprecated: true, IncludeDisabled: true }), { abortSignal: signal })
        .then((output) => output.Images?.find((i) => i.OwnerId)?.OwnerId);
      this.accountIdLookups.set(region, lookup);
      void lookup.catch(() => {
        if (this.accountIdLookups.get(region) === lookup) this.accountIdLookups.delete(region);
      });
    }
    let found: string | undefined;
    try {
      found = await lookup;
    } catch (err) {
      // Cancelled by another caller sharing the look-up, not by me: look again.
      if (signal?.aborted || !(err instanceof Error && err.name === 'AbortError')) throw err;
      return this.myAccountId(region, signal);
    }
    this.accountId ??= found;
    return found;
  }

  async getImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<AmiImage>> {
    if (signal?.aborted) return cancelled(region);
    try {
      const output = await this.client(region).send(
        new DescribeImagesCommand({ ImageIds: [imageId], IncludeDeprecated: true, IncludeDisabled: true }),
        { abortSignal: signal },
      );
      const image = (output.Images ?? []).map((i) => toAmiImage(i, region)).find((i) => i?.imageId === imageId);
      if (!image) {
        return fail({
          kind: 'notFound',
          message: `Image ${imageId} was not found in ${region}.`,
          nextStep: 'Refresh the view: it may have been deregistered.',
          action: 'ec2:DescribeImages',
          region,
          ...(this.profile ? { profile: this.profile } : {}),
        });
      }
      return ok(image);
    } catch (err) {
      return this.failure(err, 'DescribeImages', region);
    }
  }

  // find (issue #11): images by id, whoever owns them
  async findImagesById(region: string, imageIds: readonly string[], signal?: AbortSignal): Promise<Result<AmiImage[]>> {
    if (signal?.aborted) return cancelled(region);
    let ids = [...new Set(imageIds.filter((id) => id !== ''))];
    const found: AmiImage[] = [];
    try {
      // EC2 answers NotFound for the whole call when one id is unknown, naming the unknown ids:
      // those are dropped and the rest asked again (one id alone that is unknown is a miss).
      while (ids.length > 0) {
        const unknown = await this.describeByIds(region, ids, found, signal);
        if (unknown === undefined) break;
        const named = unknown.filter((id) => ids.includes(id));
        if (ids.length === 1 || named.length === 0) {
          // Nothing usable named (or a lone id): one id a call, so each miss is its own.
          if (ids.length === 1) break;
          for (const id of ids) await this.describeByIds(region, [id], found, signal);
          break;
        }
        ids = ids.filter((id) => !named.includes(id));
      }
    } catch (err) {
      return this.failure(err, 'DescribeImages', region);
    }
    return ok(found);
  }

  /** One DescribeImages by ids into `found`; on NotFound / Malformed, the ids EC2 named (maybe none), else undefined. */
  private async describeByIds(region: string, ids: string[], found: AmiImage[], signal?: AbortSignal): Promise<string[] | undefined> {
    try {
      const output = await this.client(region).send(new DescribeImagesCommand({ ImageIds: ids, IncludeDeprecated: true, IncludeDisabled: true }), { abortSignal: signal });
      for (const raw of output.Images ?? []) {
        const image = toAmiImage(raw, region);
        if (image && !found.some((i) => i.imageId === image.imageId)) found.push(image);
      }
      return undefined;
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      if (name !== 'InvalidAMIID.NotFound' && name !== 'InvalidAMIID.Malformed') throw err;
      const message = (err as { message?: string }).message ?? '';
      return message.match(/ami-[0-9a-f]+/g) ?? [];
    }
  }

  async getImageAttribute(region: string, imageId: string, attribute: ImageAttributeName, signal?: AbortSignal): Promise<Result<ImageAttributeValue>> {
    if (signal?.aborted) return cancelled(region);
    if (!IMAGE_ATTRIBUTES.includes(attribute)) {
      return fail({ kind: 'invalidInput', message: `"${String(attribute)}" is not an image attribute.`, region });
    }
    if (attribute === 'blockDeviceMapping') {
      // EC2 no longer answers this attribute; the mappings come with the image itself.
      const image = await this.getImage(region, imageId, signal);
      return image.ok ? ok({ imageId, attribute, blockDeviceMappings: image.value.blockDeviceMappings }) : image;
    }
    try {
      const output = await this.client(region).send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: attribute }), { abortSignal: signal });
      return ok(toImageAttributeValue(output, imageId, attribute));
    } catch (err) {
      return this.failure(err, 'DescribeImageAttribute', region);
    }
  }

  /**
   * Snapshots by id, in the order asked, duplicates removed. A snapshot I cannot see (deleted, or
   * owned by the account that shared the image) is left out rather than failing the others; the
   * call fails with notFound only when none of them can be found.
   */
  async getSnapshots(region: string, snapshotIds: string[], signal?: AbortSignal): Promise<Result<SnapshotInfo[]>> {
    if (signal?.aborted) return cancelled(region);
    const ids = [...new Set(snapshotIds.filter((id) => id !== ''))];
    if (ids.length === 0) return ok([]);
    const found = new Map<string, SnapshotInfo>();
    try {
      for (let i = 0; i < ids.length; i += SNAPSHOT_CHUNK) {
        await this.describeSnapshots(region, ids.slice(i, i + SNAPSHOT_CHUNK), found, signal);
      }
    } catch (err) {
      return this.failure(err, 'DescribeSnapshots', region);
    }
    if (found.size === 0) {
      return fail({
        kind: 'notFound',
        code: 'InvalidSnapshot.NotFound',
        message: `None of the snapshots ${ids.join(', ')} can be found in ${region}.`,
        nextStep: 'They may have been deleted, or belong to another account.',
        action: 'ec2:DescribeSnapshots',
        region,
        ...(this.profile ? { profile: this.profile } : {}),
      });
    }
    return ok(ids.map((id) => found.get(id)).filter((s): s is SnapshotInfo => s !== undefined));
  }

  /** One chunk through the SDK's paginator; on NotFound, each id alone so the visible ones still load. */
  private async describeSnapshots(region: string, ids: string[], found: Map<string, SnapshotInfo>, signal?: AbortSignal): Promise<void> {
    try {
      for await (const page of paginateDescribeSnapshots({ client: this.client(region) }, { SnapshotIds: ids }, { abortSignal: signal })) {
        for (const s of page.Snapshots ?? []) {
          const info = toSnapshotInfo(s, region);
          if (info) found.set(info.snapshotId, info);
        }
      }
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      if (name !== 'InvalidSnapshot.NotFound') throw err;
      if (ids.length === 1) return;
      for (const id of ids) await this.describeSnapshots(region, [id], found, signal);
    }
  }

  async getImageAncestry(region: string, imageId: string, signal?: AbortSignal): Promise<Result<AncestryEntry[]>> {
    if (signal?.aborted) return cancelled(region);
    try {
      const output = await this.client(region).send(new GetImageAncestryCommand({ ImageId: imageId }), { abortSignal: signal });
      return ok((output.ImageAncestryEntries ?? []).map(toAncestryEntry).filter((e): e is AncestryEntry => e !== undefined));
    } catch (err) {
      return this.failure(err, 'GetImageAncestry', region);
    }
  }

  async updateTags(region: string, resourceIds: readonly string[], change: TagChange, signal?: AbortSignal): Promise<Result<void>> {
    if (signal?.aborted) return cancelled(region);
    const set = Object.entries(change.set ?? {});
    const remove = removedKeys(change);
    if (resourceIds.length === 0 || (set.length === 0 && remove.length === 0)) {
      return fail({ kind: 'invalidInput', message: 'Nothing to change: no resource, or no tag to set or remove.', region });
    }
    let action = 'CreateTags';
    try {
      if (set.length > 0) {
        await this.client(region).send(new CreateTagsCommand({ Resources: [...resourceIds], Tags: set.map(([Key, Value]) => ({ Key, Value })) }), { abortSignal: signal });
      }
      action = 'DeleteTags';
      if (remove.length > 0) {
        await this.client(region).send(new DeleteTagsCommand({ Resources: [...resourceIds], Tags: remove.map((Key) => ({ Key })) }), { abortSignal: signal });
      }
      return ok(undefined);
    } catch (err) {
      return this.failure(err, action, region);
    }
  }

  async getLaunchPermissions(region: string, imageId: string, signal?: AbortSignal): Promise<Result<LaunchPermissionState>> {
    const attribute = await this.getImageAttribute(region, imageId, 'launchPermission', signal);
    return attribute.ok ? ok(stateFromPermissions(attribute.value.launchPermissions ?? [])) : attribute;
  }

  async modifyLaunchPermissions(region: string, imageId: string, change: LaunchPermissionModification, signal?: AbortSignal): Promise<Result<void>> {
    if (signal?.aborted) return cancelled(region);
    if (change.add.length === 0 && change.remove.length === 0) {
      return fail({ kind: 'invalidInput', message: 'Nothing to change: no launch permission to add or remove.', region });
    }
    const bad = invalidPermissions(change);
    if (bad.length > 0) {
      return fail({ kind: 'invalidInput', message: `${describeInvalid(bad)} Nothing was sent.`, nextStep: 'Correct the entries and try again.', region });
    }
    const LaunchPermission: { Add?: SdkLaunchPermission[]; Remove?: SdkLaunchPermission[] } = {};
    if (change.add.length > 0) LaunchPermission.Add = change.add.map(toSdkPermission);
    if (change.remove.length > 0) LaunchPermission.Remove = change.remove.map(toSdkPermission);
    try {
      await this.client(region).send(withoutBlindRetry(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission })), { abortSignal: signal });
      return ok(undefined);
    } catch (err) {
      return this.failure(err, 'ModifyImageAttribute', region);
    }
  }

  async getSnapshotCreateVolumePermissions(region: string, snapshotId: string, signal?: AbortSignal): Promise<Result<CreateVolumePermissionState>> {
    if (signal?.aborted) return cancelled(region);
    try {
      const output = await this.client(region).send(new DescribeSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' }), { abortSignal: signal });
      const perms = output.CreateVolumePermissions ?? [];
      return ok({
        snapshotId: output.SnapshotId ?? snapshotId,
        public: perms.some((p) => p.Group === 'all'),
        accounts: [...new Set(perms.flatMap((p) => (p.UserId ? [p.UserId] : [])))].sort(),
      });
    } catch (err) {
      return this.failure(err, 'DescribeSnapshotAttribute', region);
    }
  }

  async modifySnapshotCreateVolumePermissions(region: string, snapshotId: string, operation: 'add' | 'remove', accountIds: readonly string[], signal?: AbortSignal): Promise<Result<void>> {
    if (signal?.aborted) return cancelled(region);
    const ids = [...new Set(accountIds)];
    const bad = ids.filter((id) => !ACCOUNT_ID_PATTERN.test(id));
    if (ids.length === 0 || bad.length > 0) {
      return fail({
        kind: 'invalidInput',
        message: ids.length === 0 ? 'No account id to add or remove.' : `Snapshots are shared with 12-digit account ids only; not: ${bad.join(', ')}. Nothing was sent.`,
        region,
      });
    }
    const permissions = ids.map((UserId) => ({ UserId }));
    try {
      await this.client(region).send(
        withoutBlindRetry(
          new ModifySnapshotAttributeCommand({
            SnapshotId: snapshotId,
            Attribute: 'createVolumePermission',
            CreateVolumePermission: operation === 'add' ? { Add: permissions } : { Remove: permissions },
          }),
        ),
        { abortSignal: signal },
      );
      return ok(undefined);
    } catch (err) {
      return this.failure(err, 'ModifySnapshotAttribute', region);
    }
  }

  async getImageBlockPublicAccessState(region: string, signal?: AbortSignal): Promise<Result<ImageBlockPublicAccess>> {
    if (signal?.aborted) return cancelled(region);
    try {
      const output = await this.client(region).send(new GetImageBlockPublicAccessStateCommand({}), { abortSignal: signal });
      return ok({ state: output.ImageBlockPublicAccessState ?? 'unblocked', ...(output.ManagedBy ? { managedBy: output.ManagedBy } : {}) });
    } catch (err) {
      return this.failure(err, 'GetImageBlockPublicAccessState', region);
    }
  }

  async cancelImageLaunchPermission(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>> {
    if (signal?.aborted) return cancelled(region);
    try {
      await this.client(region).send(withoutBlindRetry(new CancelImageLaunchPermissionCommand({ ImageId: imageId })), { abortSignal: signal });
      return ok(undefined);
    } catch (err) {
      return this.failure(err, 'CancelImageLaunchPermission', region);
    }
  }

  // hygiene (#11): Allowed AMIs
  async getAllowedImagesSettings(region: string, signal?: AbortSignal): Promise<Result<AllowedImagesSettings>> {
    if (signal?.aborted) return cancelled(region);
    try {
      const output = await this.client(region).send(new GetAllowedImagesSettingsCommand({}), { abortSignal: signal });
      return ok({
        state: output.State ?? 'disabled',
        criteria: (output.ImageCriteria ?? []).map(toCriterion),
        ...(output.ManagedBy ? { managedBy: output.ManagedBy } : {}),
      });
    } catch (err) {
      return this.failure(err, 'GetAllowedImagesSettings', region);
    }
  }

  async deregisterImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>> {
    if (signal?.aborted) return cancelled(region);
    try {
      await this.client(region).send(new DeregisterImageCommand({ ImageId: imageId }), { abortSignal: signal });
      return ok(undefined);
    } catch (err) {
      return this.failure(err, 'DeregisterImage', region);
    }
  }
}

// hygiene (#11)
/** One Allowed AMIs criterion as the model holds it: only the fields EC2 set. */
function toCriterion(c: ImageCriterion): AllowedImagesCriterion {
  const out: AllowedImagesCriterion = {};
  if (c.ImageProviders?.length) out.imageProviders = [...c.ImageProviders];
  if (c.MarketplaceProductCodes?.length) out.marketplaceProductCodes = [...c.MarketplaceProductCodes];
  if (c.ImageNames?.length) out.imageNames = [...c.ImageNames];
  if (c.CreationDateCondition?.MaximumDaysSinceCreated !== undefined) out.maximumDaysSinceCreated = c.CreationDateCondition.MaximumDaysSinceCreated;
  if (c.DeprecationTimeCondition?.MaximumDaysSinceDeprecated !== undefined) out.maximumDaysSinceDeprecated = c.DeprecationTimeCondition.MaximumDaysSinceDeprecated;
  const keys = (c.ImageWatermarks ?? []).flatMap((w) => (w.WatermarkKey ? [w.WatermarkKey] : []));
  if (keys.length) out.imageWatermarkKeys = keys;
  if (c.ScanResultCondition?.MaxDaysSinceLastFindingScan !== undefined) out.maxDaysSinceLastFindingScan = c.ScanResultCondition.MaxDaysSinceLastFindingScan;
  return out;
}
