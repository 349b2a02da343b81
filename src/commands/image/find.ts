/**
 * Find AMI… (issue #11): searches every profile the tree shows and every region it lists for an
 * image id, a name pattern, text in the name or description, or a tag (src/model/findQuery.ts).
 * Results stream into a quick pick (src/ui/findPick.ts); choosing one reveals it in the tree,
 * loading the pages of its region needed, or opens its details panel when the tree does not show
 * it, saying why. The last searches are remembered (globalState).
 */
import * as vscode from 'vscode';
import { FIND_HISTORY_MAX, notInTreeText, readHistory, rememberSearch, type NotInTreeReason } from '../../model/findQuery';
import type { AmiRef } from '../../model/image';
import { notificationText } from '../../model/text';
import { showFindPick } from '../../ui/findPick';
import { FindSearch } from '../../ui/findSearch';
import { Limiter } from '../../util/limiter';
import { DetailsPanel } from '../../webviews/details/detailsPanel';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';

/** globalState key of the remembered searches (most recent first, at most FIND_HISTORY_MAX). */
export const FIND_HISTORY_KEY = 'amiExplorer.find.history';

/** What the command did (tests read it). */
export interface FindOutcome {
  query: string;
  ref: AmiRef;
  /** Selected in the tree, or the details panel opened (with the reason when it was not in the tree). */
  shown: 'tree' | 'details';
  reason?: NotInTreeReason;
}

export default defineCommand({
  id: COMMAND_IDS.findImage,
  title: 'Find AMI',
  async run(ctx, initial?: unknown): Promise<FindOutcome | undefined> {
    const state = ctx.services.context.globalState;
    const settings = ctx.services.settings();
    const profiles = settings.profiles.length > 0 ? settings.profiles : [await ctx.services.aws().getDefaultProfile()];
    const choice = await showFindPick(
      {
        history: () => readHistory(state.get(FIND_HISTORY_KEY)),
        remember: (query) => state.update(FIND_HISTORY_KEY, rememberSearch(readHistory(state.get(FIND_HISTORY_KEY)), query).slice(0, FIND_HISTORY_MAX)),
        createSearch: (query, onChange) => {
          const s = ctx.services.settings();
          return new FindSearch(query, { aws: () => ctx.services.aws(), profiles, owners: s.owners, pageSize: s.pageSize, limiter: new Limiter(s.maxConcurrentRegions) }, onChange);
        },
        copyId: async (imageId) => {
          await vscode.env.clipboard.writeText(imageId);
          vscode.window.setStatusBarMessage(`Copied ${imageId}`, 3000);
        },
        log: (message) => ctx.services.log.info(message),
      },
      typeof initial === 'string' ? initial : undefined,
    );
    if (!choice) return undefined;
    const { image, profile } = choice.result;
    const ref: AmiRef = { region: image.region, imageId: image.imageId, ...(profile !== undefined ? { profile } : {}) };
    if (choice.action === 'reveal') {
      const located = await vscode.window.withProgress({ location: { viewId: 'amiExplorer.images' }, title: `Finding ${image.imageId} in the tree…` }, () => ctx.tree.provider.locateImage(ref, image));
      if ('node' in located) {
        try {
          await ctx.tree.view.reveal(located.node, { select: true, focus: true, expand: false });
          return { query: choice.query, ref, shown: 'tree' };
        } catch (err) {
          ctx.services.log.warn(`Could not reveal ${image.imageId} in the tree: ${err instanceof Error ? err.message : String(err)}`);
        }
      } else {
        const text = notificationText(notInTreeText(image.imageId, { profile, region: image.region }, located.reason));
        ctx.services.log.info(text);
        void vscode.window.showInformationMessage(text);
        await DetailsPanel.show(ctx.details, ref, image).whenLoaded();
        return { query: choice.query, ref, shown: 'details', reason: located.reason };
      }
    }
    await DetailsPanel.show(ctx.details, ref, image).whenLoaded();
    return { query: choice.query, ref, shown: 'details' };
  },
});
