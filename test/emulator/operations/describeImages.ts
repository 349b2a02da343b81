/**
 * DescribeImages: Owners, ExecutableUsers, ImageIds, Filters, IncludeDeprecated/IncludeDisabled,
 * MaxResults (5..1000, not with ImageIds) and NextToken, with EC2's semantics:
 * - no scope: every image the caller may see (own, shared with it, public);
 * - ExecutableUsers=self (or own id): images shared with the caller explicitly or via its
 *   organization / OU, plus its own; `all`: public images; another id: images shared with it;
 * - deprecated images are hidden unless IncludeDeprecated, named by id, or owned by the caller;
 * - disabled images appear only with IncludeDisabled, and only to their owner.
 */
import { organizationsOf } from '../accounts';
import { Ec2Error } from '../errors';
import { compileImageFilters } from '../filters';
import { boolParam, filtersParam, listParam, maxResultsParam } from '../params';
import { renderImage } from '../render';
import type { EmuImage } from '../types';
import { isPublicImage } from '../types';
import { el } from '../xml';
import { allowedImagesView } from './allowedImages'; // hygiene (#11)
import { canSeeImage, checkImageId, imageNotFound, makeToken, page, readToken, type Operation, type OperationContext } from './context';

const ACCOUNT_ID = /^\d{12}$/;
const OWNER_ALIASES = new Set(['amazon', 'aws-marketplace', 'aws-backup-vault']);

function ownerPredicate(owners: string[], account: string): ((i: EmuImage) => boolean) | undefined {
  if (owners.length === 0) return undefined;
  for (const o of owners) {
    if (o !== 'self' && !OWNER_ALIASES.has(o) && !ACCOUNT_ID.test(o)) {
      throw new Ec2Error('InvalidUserID.Malformed', `Invalid user id: '${o}'`);
    }
  }
  const ids = new Set(owners.filter((o) => ACCOUNT_ID.test(o)));
  if (owners.includes('self')) ids.add(account);
  const aliases = new Set(owners.filter((o) => OWNER_ALIASES.has(o)));
  return (i) => ids.has(i.ownerId) || (i.ownerAlias !== undefined && aliases.has(i.ownerAlias));
}

function executablePredicate(users: string[], account: string): ((i: EmuImage) => boolean) | undefined {
  if (users.length === 0) return undefined;
  for (const u of users) {
    if (u !== 'self' && u !== 'all' && !ACCOUNT_ID.test(u)) throw new Ec2Error('InvalidUserID.Malformed', `Invalid user id: '${u}'`);
  }
  const self = users.includes('self') || users.includes(account);
  const all = users.includes('all');
  const others = new Set(users.filter((u) => ACCOUNT_ID.test(u) && u !== account));
  const orgs = organizationsOf(account);
  return (i) => {
    if (all && isPublicImage(i)) return true;
    if (self) {
      if (i.ownerId === account) return true;
      for (const p of i.launchPermissions) {
        if (p.userId === account) return true;
        if (p.organizationArn !== undefined && orgs.includes(p.organizationArn)) return true;
        if (p.organizationalUnitArn !== undefined && orgs.includes(p.organizationalUnitArn)) return true;
      }
    }
    if (others.size > 0 && i.launchPermissions.some((p) => p.userId !== undefined && others.has(p.userId))) return true;
    return false;
  };
}

export const describeImages: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const p = ctx.params;
    const imageIds = listParam(p, 'ImageId');
    const owners = listParam(p, 'Owner');
    const executable = listParam(p, 'ExecutableBy');
    const filters = compileImageFilters(filtersParam(p));
    const includeDeprecated = boolParam(p, 'IncludeDeprecated') ?? false;
    const includeDisabled = boolParam(p, 'IncludeDisabled') ?? false;
    const maxResults = maxResultsParam(p, 5, 1000);
    const nextToken = p.NextToken;
    if (imageIds.length > 0 && maxResults !== undefined) {
      throw new Ec2Error('InvalidParameterCombination', 'The parameter imageIdsSet cannot be used with the parameter maxResults');
    }
    for (const id of imageIds) checkImageId(id);
    const ownerOk = ownerPredicate(owners, ctx.account);
    const execOk = executablePredicate(executable, ctx.account);

    // hygiene (#11): ImageAllowed from the caller's Allowed AMIs settings; `enabled` hides the others from listings.
    const allowed = allowedImagesView(ctx);
    const shown = (raw: EmuImage, namedById: boolean): boolean => {
      const i = allowed.view(raw);
      if (allowed.hides(i, namedById)) return false;
      if (!canSeeImage(i, ctx.account)) return false;
      if (i.state === 'disabled' && !includeDisabled) return false;
      if (!namedById && !includeDeprecated && i.ownerId !== ctx.account && i.deprecationTime !== undefined && Date.parse(i.deprecationTime) <= ctx.now) {
        return false;
      }
      if (ownerOk && !ownerOk(i)) return false;
      if (execOk && !execOk(i)) return false;
      return filters(i);
    };

    if (imageIds.length > 0) {
      const missing: string[] = [];
      const found: EmuImage[] = [];
      for (const id of new Set(imageIds)) {
        const stale = ctx.faults?.staleImage(ctx.region, id) ?? 'current';
        const image = stale === 'current' ? ctx.store.getImage(ctx.region, id) : stale.image;
        if (!image || !canSeeImage(image, ctx.account)) missing.push(id);
        else if (shown(image, true)) found.push(image);
      }
      if (missing.length > 0) throw imageNotFound(missing);
      return renderImages(found.map((i) => allowed.view(i)), undefined);
    }

    const afterSeq = nextToken !== undefined ? readToken(ctx, nextToken) : 0;
    // tree (issue #12): the fault ignoreMaxResults answers its own page size whatever MaxResults says.
    const limit = ctx.faults?.describeImagesPageSize?.() ?? maxResults ?? (nextToken !== undefined ? 1000 : Number.MAX_SAFE_INTEGER);
    const result = page<EmuImage>((after, visit) => ctx.store.scanImages(ctx.region, after, visit), afterSeq, limit, (i) => shown(i, false));
    return renderImages(result.items.map((i) => allowed.view(i)), result.lastSeq === undefined ? undefined : makeToken(ctx, result.lastSeq));
  },
};

function renderImages(images: EmuImage[], nextToken: string | undefined): string {
  let out = '<imagesSet>';
  for (const image of images) out += `<item>${renderImage(image)}</item>`;
  out += '</imagesSet>';
  if (nextToken !== undefined) out += el('nextToken', nextToken);
  return out;
}
