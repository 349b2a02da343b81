/**
 * Who Uses It: for an image I own and share, an image usage report (CreateImageUsageReport, then
 * DescribeImageUsageReportEntries once EC2 made it): which other accounts use it in instances and
 * launch templates, and how many. Waiting is cancellable (the report stays and is not shown).
 * Picking an account copies its id. From an owned image node, the details panel, or the palette.
 */
import * as vscode from 'vscode';
import type { AmiRef } from '../../model/image';
import { fail, ok, type Result } from '../../model/result';
import { notificationText } from '../../model/text';
import { accountUsageText, summarizeUsage, usageReportSummary, type UsageReportEntry } from '../../model/usage';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';
import { valueOf } from '../permissions/common';

type AccountItem = vscode.QuickPickItem & { accountId: string };

async function runReport(ctx: Parameters<typeof resolveImage>[0], ref: AmiRef): Promise<Result<UsageReportEntry[]>> {
  const usage = ctx.services.aws().usage(ref.profile);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Who uses ${ref.imageId}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      progress.report({ message: 'asking EC2 for a usage report…' });
      const created = await usage.createImageUsageReport(ref.region, ref.imageId, {}, controller.signal);
      if (!created.ok) return created;
      progress.report({ message: `waiting for report ${created.value} (this can take a few minutes)…` });
      const ready = await usage.waitForReport(ref.region, created.value, controller.signal);
      if (!ready.ok) return fail(ready.error);
      progress.report({ message: 'reading the report…' });
      const entries = await usage.listReportEntries(ref.region, created.value, controller.signal);
      return entries.ok ? ok(entries.value) : entries;
    } finally {
      sub.dispose();
    }
  });
}

export default defineCommand({
  id: COMMAND_IDS.whoUsesIt,
  title: 'Who Uses It',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Who Uses It' });
    if (!target) return undefined;
    const { ref } = target;
    const result = await runReport(ctx, ref);
    if (!result.ok && result.error.kind === 'cancelled') {
      const text = notificationText(`${result.error.message} Nothing is shown; run Who Uses It again later.`);
      void vscode.window.showInformationMessage(text);
      return text;
    }
    const entries = valueOf(result);
    if (!entries) return undefined;
    const accounts = summarizeUsage(entries);
    const summary = usageReportSummary(ref.imageId, ref.region, accounts);
    if (accounts.length === 0) {
      const text = notificationText(summary);
      void vscode.window.showInformationMessage(text);
      return text;
    }
    const items: AccountItem[] = accounts.map((a) => ({ accountId: a.accountId, label: a.accountId, description: accountUsageText(a) }));
    const picked = await vscode.window.showQuickPick(items, { title: summary, placeHolder: 'Pick an account to copy its id', ignoreFocusOut: true });
    if (picked) {
      await vscode.env.clipboard.writeText(picked.accountId);
      vscode.window.setStatusBarMessage(`Copied ${picked.accountId}`, 3000);
    }
    return summary;
  },
});
