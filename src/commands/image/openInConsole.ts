/** Open in AWS Console: the image's page in the EC2 console (at most a few tabs at once). */
import * as vscode from 'vscode';
import { consoleUrl } from '../../model/format';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { resolveImages } from '../selection';

/** At most this many console tabs at once, however many images are selected. */
const MAX_TABS = 5;

export default defineCommand({
  id: COMMAND_IDS.openInConsole,
  title: 'Open in AWS Console',
  async run(ctx, node?: unknown, selected?: unknown) {
    const targets = await resolveImages(ctx, node, selected, { useViewSelection: true, pickTitle: 'Open AMI in AWS Console' });
    if (!targets) return undefined;
    const urls: string[] = [];
    for (const { ref } of targets.slice(0, MAX_TABS)) {
      const url = consoleUrl(ref.region, ref.imageId);
      if (!url) throw new CommandError(`Cannot build a console URL for ${ref.imageId} in ${ref.region}.`);
      urls.push(url);
      await vscode.env.openExternal(vscode.Uri.parse(url, true));
    }
    return urls;
  },
});
