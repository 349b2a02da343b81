/**
 * The clean-up report panel ("Find Unused AMIs…"), host side: the panel base keyed by (profile,
 * regions, family rule). The host owns the report: the page renders it, keeps the sort and the
 * ticked rows, and asks. Deregister Selected… is checked against the host's report (every id a
 * current candidate, never a referenced image), confirmed once in a modal that lists every image
 * and snapshot, then each image is deregistered with its snapshots through ImageWrites (progress,
 * cancellable between images); rows leave the report as the change flow announces each removal.
 * Export CSV writes the host's rows to a file the person picks.
 */
import type * as vscode from 'vscode';
import type { DeregisterOutcome } from '../../data/imageWrites';
import type { ImageChange } from '../../model/changes';
import {
  DEREGISTER_SELECTED,
  checkSelection,
  confirmSelectedText,
  csvFileName,
  deregisterSummary,
  sortRows,
  toCsv,
  withoutImages,
  type CleanupReport,
  type DeregisterLine,
  type SortKey,
} from '../../model/cleanup';
import { deregisterResultText, LIFECYCLE_CODES } from '../../model/lifecycle';
import { describeFailure, ok, type Result } from '../../model/result';
import { visibleLine } from '../../model/text';
import { PanelBase, PanelKind, type PanelEnv } from '../panelBase';
import { CLEANUP_VIEW_TYPE, CleanupProtocol, DeregisterRequestType, ExportCsvRequest, RefreshCommand, cleanupKeyId, keptCleanupState, type CleanupKey, type CleanupState, type DeregisterRequest, type DeregisterResult, type ExportResult } from './protocol';

/** What the panel needs from the rest of the extension (cleanupHost.ts builds it). */
export interface CleanupPanelHost extends PanelEnv {
  readonly onDidChangeImage: vscode.Event<ImageChange>;
  /** Reads the regions and builds the report, under a cancellable progress notification. */
  read(key: CleanupKey, signal: AbortSignal): Promise<Result<CleanupReport>>;
  /** The account of the profile, for the confirmation (undefined when it cannot be read). */
  accountId(profile: string | undefined): Promise<string | undefined>;
  /** A modal confirmation; true only when the person chose `action`. */
  confirm(message: string, detail: string, action: string): Thenable<boolean>;
  /** Runs `work` under a cancellable progress notification; `report` sets its message. */
  progress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Thenable<T>;
  /** ImageWrites.deregister with the snapshots (announces `removed`). */
  deregister(ref: { region: string; imageId: string; profile?: string }): Promise<Result<DeregisterOutcome>>;
  /** Asks where to save (default file name) and writes the text; undefined when the person cancelled. */
  saveCsv(defaultName: string, text: string): Promise<Result<string> | undefined>;
  /** A notification after Deregister Selected (info or warning). */
  notify(level: 'info' | 'warning', text: string): void;
}

const CLEANUP = new PanelKind<CleanupKey, CleanupReport, CleanupState, CleanupPanel>({
  viewType: CLEANUP_VIEW_TYPE,
  name: 'Unused AMIs',
  script: 'cleanup',
  protocol: CleanupProtocol,
  id: cleanupKeyId,
  restore: (state) => {
    const kept = keptCleanupState(state);
    return kept ? { key: kept.key, state: kept } : undefined;
  },
});

export function cleanupTitle(key: CleanupKey): string {
  const where = key.regions.length === 1 ? key.regions[0] : `${key.regions.length} regions`;
  return `Unused AMIs: ${where}${key.profile ? ` (${visibleLine(key.profile)})` : ''}`;
}

export class CleanupPanel extends PanelBase<CleanupKey, CleanupReport, CleanupState> {
  /** Opens (or reveals) the report for `key`; a new panel reads at once, a revealed one reads again. */
  static show(host: CleanupPanelHost, key: CleanupKey): CleanupPanel {
    const { panel, created } = CLEANUP.show(key, cleanupTitle(key), (p) => new CleanupPanel(host, p, key), host);
    if (created || (!panel.loading && !panel.busy)) panel.reload();
    return panel;
  }

  static find(key: CleanupKey): CleanupPanel | undefined {
    return CLEANUP.find(key);
  }

  private busyWith: 'deregister' | undefined;

  private constructor(
    private readonly host: CleanupPanelHost,
    panel: vscode.WebviewPanel,
    key: CleanupKey,
  ) {
    super(CLEANUP, host, panel, key);
    const m = this.messages;
    m.onCommand(RefreshCommand, () => {
      if (!this.busy) this.reload();
    });
    m.onRequest(DeregisterRequestType, (request) => this.deregisterSelected(request));
    m.onRequest(ExportCsvRequest, ({ sort }) => this.exportCsv(sort));
    this.track(host.onDidChangeImage((change) => this.imageChanged(change)));
  }

  get busy(): boolean {
    return this.busyWith !== undefined;
  }

  protected titleFor(): string {
    return cleanupTitle(this.key);
  }

  reload(): void {
    this.load((signal) => this.host.read(this.key, signal));
  }

  /** The change flow: a removed image of this profile and these regions leaves the report. */
  private imageChanged(change: ImageChange): void {
    if (change.kind !== 'removed') return;
    const model = this.model;
    if (!model) return;
    const { ref } = change;
    if (ref.profile !== this.key.profile || !this.key.regions.includes(ref.region)) return;
    const next = withoutImages(model, (r) => r.region === ref.region && r.imageId === ref.imageId);
    if (next !== model) this.load(async () => ok(next), { quiet: true });
  }

  /** Deregister Selected…: checked against the host's report, confirmed once, then one image after another. */
  async deregisterSelected(request: DeregisterRequest): Promise<DeregisterResult> {
    if (this.busy) return { status: 'refused', message: 'Images are being deregistered already; wait for it to finish.', lines: [] };
    if (this.loading) return { status: 'refused', message: 'The report is being read; try again when it is shown.', lines: [] };
    const checked = checkSelection(this.model, request.images);
    if (!checked.ok) {
      this.host.log.warn(`Unused AMIs: refused Deregister Selected: ${checked.reason}`);
      return { status: 'refused', message: checked.reason, lines: [] };
    }
    this.busyWith = 'deregister';
    try {
      const rows = checked.rows;
      const accountId = await this.host.accountId(this.key.profile);
      const { message, detail } = confirmSelectedText(rows, { ...(accountId ? { accountId } : {}), ...(this.key.profile ? { profile: this.key.profile } : {}) });
      if (!(await this.host.confirm(message, detail, DEREGISTER_SELECTED))) return { status: 'cancelled', message: 'Nothing was deregistered.', lines: [] };
      let cancelled = false;
      const lines = await this.host.progress(`Deregistering ${rows.length} image${rows.length === 1 ? '' : 's'} and their snapshots…`, async (signal, report) => {
        const out: DeregisterLine[] = [];
        for (const [i, row] of rows.entries()) {
          if (signal.aborted) {
            cancelled = true;
            out.push({ imageId: row.ref.imageId, region: row.ref.region, status: 'notRun', text: `${row.ref.imageId}: not started (cancelled).` });
            continue;
          }
          report(`${i + 1} of ${rows.length}: ${row.ref.imageId}`);
          const written = await this.host.deregister(row.ref);
          out.push(lineOf(row.ref, written));
        }
        return out;
      });
      const summary = deregisterSummary(lines, cancelled);
      const failed = lines.some((l) => l.status === 'failed');
      const status: DeregisterResult['status'] = cancelled ? 'cancelled' : failed ? (lines.some((l) => l.status === 'done') ? 'partial' : 'failed') : 'done';
      const warn = status !== 'done' || lines.some((l) => /not deleted|not yet|not known/i.test(l.text));
      this.host.notify(warn ? 'warning' : 'info', summary);
      return { status, message: summary, lines };
    } finally {
      this.busyWith = undefined;
    }
  }

  /** Export CSV: the host's candidates in the page's order, to a file the person picks. */
  async exportCsv(sort: SortKey): Promise<ExportResult> {
    const model = this.model;
    if (!model) return { status: 'failed', message: 'The report has not been made yet.' };
    const text = toCsv(sortRows(model.candidates, sort));
    const saved = await this.host.saveCsv(csvFileName(this.key.profile, new Date()), text);
    if (!saved) return { status: 'cancelled', message: 'Not exported.' };
    if (!saved.ok) return { status: 'failed', message: `Could not write the file: ${describeFailure(saved.error)}` };
    return { status: 'saved', message: `Exported ${model.candidates.length} row${model.candidates.length === 1 ? '' : 's'} to ${visibleLine(saved.value)}.` };
  }
}

function lineOf(ref: { region: string; imageId: string }, written: Result<DeregisterOutcome>): DeregisterLine {
  if (!written.ok) {
    const why = written.error.code === LIFECYCLE_CODES.protected ? `${written.error.message} Turn its deregistration protection off first (Deregister… on the image offers it).` : describeFailure(written.error);
    return { imageId: ref.imageId, region: ref.region, status: 'failed', text: visibleLine(`${ref.imageId} was not deregistered: ${why}`) };
  }
  const outcome = written.value;
  const text = deregisterResultText(ref.imageId, true, outcome.snapshots, outcome.snapshotsUnknown ? 'The response was lost, so what happened to each snapshot is not known: check them in the EC2 console.' : outcome.notYetVisible).text;
  return { imageId: ref.imageId, region: ref.region, status: 'done', text: visibleLine(text) };
}
