/**
 * Launch Instance…: opens (or reveals) the launch panel of an image; resolves with the options it
 * shows once loaded. From image nodes (any available image), from the details panel's header, or
 * from the palette through the image picker.
 */
import type { LaunchModel } from '../../webviews/launch/protocol';
import { LaunchPanel } from '../../webviews/launch/launchPanel';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';

export default defineCommand({
  id: COMMAND_IDS.launchInstance,
  title: 'Launch Instance',
  async run(ctx, node?: unknown): Promise<LaunchModel | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Launch Instance' });
    if (!target) return undefined;
    return LaunchPanel.show(ctx.launch, target.ref, target.image).whenLoaded();
  },
});
