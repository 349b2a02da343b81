/**
 * Open AMI Catalog: the catalog panel (Quick start, AWS Marketplace, Community) for the tree's
 * first profile and its first region, or the region given; resolves with the model shown once
 * the Quick start is resolved. From the palette and the Images view's title.
 */
import { CatalogPanel } from '../../webviews/catalog/catalogPanel';
import type { CatalogModel } from '../../webviews/catalog/protocol';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { catalogWhere } from './where';

export default defineCommand({
  id: COMMAND_IDS.openCatalog,
  title: 'Open AMI Catalog',
  async run(ctx, arg?: unknown): Promise<CatalogModel | undefined> {
    const where = await catalogWhere(ctx, arg);
    return CatalogPanel.show(ctx.catalog, where).whenLoaded();
  },
});
