/**
 * Open Catalog in This Region: the catalog panel looking at a region node's profile and region
 * (the panel moves there if it is open elsewhere). From region nodes' context menu.
 */
import { CatalogPanel } from '../../webviews/catalog/catalogPanel';
import type { CatalogModel } from '../../webviews/catalog/protocol';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { catalogWhere } from './where';

export default defineCommand({
  id: COMMAND_IDS.openCatalogInRegion,
  title: 'Open Catalog in This Region',
  async run(ctx, arg?: unknown): Promise<CatalogModel | undefined> {
    if (arg === undefined) throw new CommandError('This command needs a region.', 'Run it on a region in the AMI Explorer view, or use Open AMI Catalog.');
    const where = await catalogWhere(ctx, arg);
    return CatalogPanel.show(ctx.catalog, where).whenLoaded();
  },
});
