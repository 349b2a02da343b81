/**
 * Add Tag…: sets one tag (key, then value, each checked live against EC2's rules) on one or more
 * owned images, and optionally on their snapshots. A key an image already has gets the new value.
 * The 50-tag limit is checked against each image's current tags before anything is sent.
 */
import * as vscode from 'vscode';
import { shownTag, tagKeyProblem, tagLimitProblems, tagValueProblem } from '../../model/tagRules';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { applyTagChange, askSnapshots, resolveTagSubjects, subjectsText } from './common';

const TITLE = 'Add Tag';

export default defineCommand({
  id: COMMAND_IDS.addTag,
  title: TITLE,
  async run(ctx, node?: unknown, selected?: unknown): Promise<string | undefined> {
    const subjects = await resolveTagSubjects(ctx, node, selected, TITLE);
    if (!subjects || subjects.length === 0) return undefined;
    const target = subjectsText(subjects);
    const resources = subjects.map((s) => ({ id: s.ref.imageId, ...(s.image.name ? { name: s.image.name } : {}), tags: s.image.tags ?? {} }));
    const keyCheck = (key: string): string | undefined => tagKeyProblem(key) ?? tagLimitProblems(resources, { set: { [key]: '' } })[0];

    const key = await vscode.window.showInputBox({
      title: `${TITLE} to ${target}`,
      prompt: 'Tag key (1 to 128 characters; not beginning with “aws:”)',
      placeHolder: 'Name',
      ignoreFocusOut: true,
      validateInput: keyCheck,
    });
    if (key === undefined) return undefined;
    // Checked again: nothing is sent while the key is bad, however the text arrived.
    const keyProblem = keyCheck(key);
    if (keyProblem) throw new CommandError(`${keyProblem} Nothing was sent.`, 'Choose another key.');

    const existing = subjects.flatMap((s) => (Object.prototype.hasOwnProperty.call((s.image.tags ?? {}), key) ? [s.image.tags?.[key] ?? ''] : []));
    const value = await vscode.window.showInputBox({
      title: `${TITLE} to ${target}: value of ${shownTag(key)}`,
      prompt: existing.length > 0 ? 'Tag value (up to 256 characters). The key exists: its value will be replaced.' : 'Tag value (up to 256 characters; may be empty)',
      ...(existing.length === subjects.length && new Set(existing).size === 1 ? { value: existing[0] } : {}),
      ignoreFocusOut: true,
      validateInput: tagValueProblem,
    });
    if (value === undefined) return undefined;

    const withSnapshots = await askSnapshots(subjects, TITLE);
    if (withSnapshots === undefined) return undefined;
    return applyTagChange(ctx, subjects, { set: { [key]: value } }, withSnapshots, `Tagging ${target} with ${shownTag(key)}…`);
  },
});
