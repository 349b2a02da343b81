/** Copy as JSON: the images as the tree holds them (described once more when not from the tree). */
import * as vscode from 'vscode';
import { plural } from '../../model/format';
import type { AmiImage } from '../../model/image';
import { defineCommand } from '../command';
import { fromFailure } from '../errors';
import { COMMAND_IDS } from '../ids';
import { resolveImages } from '../selection';

export default defineCommand({
  id: COMMAND_IDS.copyJson,
  title: 'Copy as JSON',
  async run(ctx, node?: unknown, selected?: unknown) {
    const targets = await resolveImages(ctx, node, selected, { useViewSelection: true, pickTitle: 'Copy AMI as JSON' });
    if (!targets) return undefined;
    const images: AmiImage[] = [];
    for (const t of targets) {
      if (t.image) {
        images.push(t.image);
        continue;
      }
      const r = await ctx.services.aws().images(t.ref.profile).getImage(t.ref.region, t.ref.imageId);
      if (!r.ok) throw fromFailure(r.error);
      images.push(r.value);
    }
    const text = JSON.stringify(images.length === 1 ? images[0] : images, null, 2);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(images.length === 1 ? `Copied ${images[0]?.imageId} as JSON` : `Copied ${plural(images.length, 'image')} as JSON`, 3000);
    return text;
  },
});
