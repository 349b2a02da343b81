/** Clear Filter: shows every loaded image again. */
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';

export default defineCommand({
  id: COMMAND_IDS.clearFilter,
  title: 'Clear Filter',
  run(ctx) {
    ctx.tree.provider.setFilter('');
  },
});
