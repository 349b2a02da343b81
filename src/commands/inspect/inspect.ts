/**
 * Inspect AMI: opens (or reveals) the details panel; resolves with the model shown once loaded.
 * From a tree node, the image the node holds is shown without describing it again (Refresh does).
 */
import type { DetailsModel } from '../../model/details';
import { DetailsPanel } from '../../webviews/details/detailsPanel';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';

export default defineCommand({
  id: COMMAND_IDS.inspect,
  title: 'Inspect AMI',
  async run(ctx, node?: unknown): Promise<DetailsModel | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Inspect AMI' });
    if (!target) return undefined;
    return DetailsPanel.show(ctx.details, target.ref, target.image).whenLoaded();
  },
});
