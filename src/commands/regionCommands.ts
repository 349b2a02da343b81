/** Actions on a region's nodes: refresh it, retry after an error, fetch the next page. Tree-only. */
import { ErrorNode, LoadMoreNode } from '../tree/messageNodes';
import { RegionNode } from '../tree/regionNode';
import type { CommandContext } from './registerCommands';

export async function refreshRegion(ctx: CommandContext, node?: unknown): Promise<void> {
  if (node instanceof RegionNode) await node.reload();
  else ctx.tree.provider.refresh();
}

export function retryRegion(ctx: CommandContext, node?: unknown): Promise<void> {
  if (node instanceof ErrorNode) node.retry();
  else ctx.tree.provider.refresh();
  return ctx.tree.provider.whenIdle();
}

export function loadMoreImages(ctx: CommandContext, node?: unknown): Promise<void> {
  if (node instanceof LoadMoreNode) node.loadMore();
  else if (node instanceof RegionNode) void node.loadMore();
  return ctx.tree.provider.whenIdle();
}
