/** Refresh Region: reloads one region's images (from its node), else the whole view. */
import { RegionNode } from '../../tree/regionNode';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';

export default defineCommand({
  id: COMMAND_IDS.refreshRegion,
  title: 'Refresh Region',
  async run(ctx, node?: unknown) {
    if (node instanceof RegionNode) await node.reload();
    else ctx.tree.provider.refresh();
  },
});
