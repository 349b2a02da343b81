/**
 * Where the catalog opens: a region node's profile and region, `{ region, profile? }` (tests, other
 * commands), else the defaults: the tree's first profile (or the default one) and its first listed
 * region (the configured regions, else the enabled ones).
 */
import { RegionNode } from '../../tree/regionNode';
import { isProfileName, isRecord, isRegionName } from '../../webviews/guards';
import type { CatalogWhere } from '../../webviews/catalog/protocol';
import type { CommandContext } from '../context';
import { CommandError, fromFailure } from '../errors';

export async function catalogWhere(ctx: CommandContext, arg: unknown): Promise<CatalogWhere> {
  if (arg instanceof RegionNode) return { region: arg.region, ...(arg.profile !== undefined ? { profile: arg.profile } : {}) };
  if (isRecord(arg) && isRegionName(arg.region)) {
    if (arg.profile !== undefined && !isProfileName(arg.profile)) throw new CommandError('The catalog needs a profile name.');
    return { region: arg.region, ...(arg.profile !== undefined ? { profile: arg.profile } : {}) };
  }
  if (arg !== undefined) throw new CommandError('The catalog opens on a region.', 'Run it on a region in the AMI Explorer view, or from the Command Palette.');
  const services = ctx.services;
  const profile = services.settings().profiles[0] ?? (await services.aws().getDefaultProfile());
  const regions = await services.aws().listRegions(profile);
  if (!regions.ok) throw fromFailure(regions.error);
  const region = regions.value[0]?.name;
  if (!region) throw new CommandError('There is no region to look in.', 'Set amiExplorer.regions, or check that the profile can list its regions.');
  return { region, ...(profile !== undefined ? { profile } : {}) };
}
