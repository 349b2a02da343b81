/** Refresh: drops everything loaded and starts over (profiles, credentials, regions, images). */
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';

export default defineCommand({
  id: COMMAND_IDS.refreshView,
  title: 'Refresh',
  run(ctx) {
    ctx.tree.provider.refresh();
  },
});
