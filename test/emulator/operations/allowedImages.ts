/**
 * Allowed AMIs (issue #11), per account and region: GetAllowedImagesSettings, and the ImageAllowed
 * field DescribeImages reports, as EC2 documents them:
 * - `disabled` (the default): every image is allowed; DescribeImages leaves ImageAllowed out;
 * - `audit-mode`: every image stays visible; ImageAllowed says whether the criteria allow it;
 * - `enabled`: only allowed images are listed (ImageAllowed true); an image named by id is still
 *   answered, with ImageAllowed false (an assumption: EC2's reference speaks of "results" only).
 * Images the caller owns are always allowed. An image is allowed when it meets one criterion; it
 * meets a criterion when it meets every field that criterion sets. The settings live in the store
 * (seeded, or set by tests with store.setAllowedImagesSettings).
 */
import { wildcardToRegExp } from '../filters';
import type { EmulatorStore } from '../store';
import type { EmuAllowedImagesSettings, EmuImage, EmuImageCriterion } from '../types';
import { el, escapeXml, list, wrap } from '../xml';
import type { Operation, OperationContext } from './context';

const DAY = 86_400_000;
const PROVIDER_ALIASES = new Set(['amazon', 'aws-marketplace', 'aws-backup-vault']);

function withinDays(iso: string | undefined, days: number, now: number): boolean {
  if (!iso) return false;
  const t = Date.parse(iso);
  return !Number.isNaN(t) && now - t <= days * DAY;
}

/** Whether the image meets every field the criterion sets. */
export function meetsCriterion(image: EmuImage, c: EmuImageCriterion, now: number): boolean {
  if (c.imageProviders?.length) {
    const byAlias = image.ownerAlias !== undefined && PROVIDER_ALIASES.has(image.ownerAlias) && c.imageProviders.includes(image.ownerAlias);
    // `none` allows only the account's own images, which are allowed anyway.
    if (!byAlias && !c.imageProviders.includes(image.ownerId)) return false;
  }
  if (c.marketplaceProductCodes?.length && !image.productCodes.some((p) => c.marketplaceProductCodes?.includes(p.productCodeId))) return false;
  if (c.imageNames?.length && !c.imageNames.some((pattern) => wildcardToRegExp(pattern).test(image.name))) return false;
  if (c.maximumDaysSinceCreated !== undefined && !withinDays(image.creationDate, c.maximumDaysSinceCreated, now)) return false;
  if (c.maximumDaysSinceDeprecated !== undefined && image.deprecationTime !== undefined) {
    const t = Date.parse(image.deprecationTime);
    if (!Number.isNaN(t) && t <= now && now - t > c.maximumDaysSinceDeprecated * DAY) return false;
  }
  if (c.imageWatermarkKeys?.length && !(image.watermarks ?? []).some((w) => c.imageWatermarkKeys?.includes(w.watermarkKey))) return false;
  if (c.maxDaysSinceLastFindingScan !== undefined && !withinDays(image.scanResults?.findingScanDate, c.maxDaysSinceLastFindingScan, now)) return false;
  return true;
}

/** ImageAllowed for `account` under `settings`: undefined while disabled. */
export function imageAllowed(settings: EmuAllowedImagesSettings, image: EmuImage, account: string, now: number): boolean | undefined {
  if (settings.state === 'disabled') return undefined;
  if (image.ownerId === account) return true;
  return settings.imageCriteria.some((c) => meetsCriterion(image, c, now));
}

/** ImageAllowed of an image as the caller sees it in `region` (the store's settings). */
export function imageAllowedIn(store: EmulatorStore, account: string, region: string, image: EmuImage, now: number): boolean | undefined {
  return imageAllowed(store.getAllowedImagesSettings(account, region), image, account, now);
}

/** What DescribeImages needs: each image with its ImageAllowed, and whether a listing hides it. */
export interface AllowedImagesView {
  /** The image with ImageAllowed as the caller's settings give it (the same object when nothing changes). */
  view(image: EmuImage): EmuImage;
  /** `enabled`: a listing shows allowed images only; an image named by id is answered all the same. */
  hides(viewed: EmuImage, namedById: boolean): boolean;
}

export function allowedImagesView(ctx: OperationContext): AllowedImagesView {
  const settings = ctx.store.getAllowedImagesSettings(ctx.account, ctx.region);
  return {
    view(image) {
      const allowed = imageAllowed(settings, image, ctx.account, ctx.now);
      if (allowed === image.imageAllowed) return image;
      const copy: EmuImage = { ...image };
      if (allowed === undefined) delete copy.imageAllowed;
      else copy.imageAllowed = allowed;
      return copy;
    },
    hides: (viewed, namedById) => settings.state === 'enabled' && !namedById && viewed.imageAllowed === false,
  };
}

function renderCriterion(c: EmuImageCriterion): string {
  const strings = (name: string, values: string[] | undefined): string => (values?.length ? list(name, values, (v) => escapeXml(v)) : '');
  return (
    strings('imageProviderSet', c.imageProviders) +
    strings('marketplaceProductCodeSet', c.marketplaceProductCodes) +
    strings('imageNameSet', c.imageNames) +
    (c.maximumDaysSinceDeprecated !== undefined ? wrap('deprecationTimeCondition', el('maximumDaysSinceDeprecated', c.maximumDaysSinceDeprecated)) : '') +
    (c.maximumDaysSinceCreated !== undefined ? wrap('creationDateCondition', el('maximumDaysSinceCreated', c.maximumDaysSinceCreated)) : '') +
    (c.imageWatermarkKeys?.length ? list('imageWatermarkSet', c.imageWatermarkKeys, (k) => el('watermarkKey', k)) : '') +
    (c.maxDaysSinceLastFindingScan !== undefined ? wrap('scanResultCondition', el('maxDaysSinceLastFindingScan', c.maxDaysSinceLastFindingScan)) : '')
  );
}

export const getAllowedImagesSettings: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const s = ctx.store.getAllowedImagesSettings(ctx.account, ctx.region);
    return el('state', s.state) + list('imageCriterionSet', s.imageCriteria, renderCriterion) + el('managedBy', s.managedBy);
  },
};
