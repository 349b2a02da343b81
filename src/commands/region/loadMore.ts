/** Load More Images: the next page of a region's images (from its pager node or the region). */
import { LoadMoreNode } from '../../tree/messageNodes';
import { RegionNode } from '../../tree/regionNode';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';

export default defineCommand({
  id: COMMAND_IDS.loadMore,
  title: 'Load More Images',
  run(ctx, node?: unknown) {
    if (node instanceof LoadMoreNode) node.loadMore();
    else if (node instanceof RegionNode) void node.loadMore();
    return ctx.tree.provider.whenIdle();
  },
});
