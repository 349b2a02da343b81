/** Retry: from an error node, loads what failed again; resolves once the view is idle. */
import { ErrorNode } from '../../tree/messageNodes';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';

export default defineCommand({
  id: COMMAND_IDS.retryRegion,
  title: 'Retry',
  run(ctx, node?: unknown) {
    if (node instanceof ErrorNode) node.retry();
    else ctx.tree.provider.refresh();
    return ctx.tree.provider.whenIdle();
  },
});
