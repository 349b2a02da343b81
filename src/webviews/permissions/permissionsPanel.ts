/**
 * The "Edit Launch Permissions" panel, host side: the panel base keyed by the image's (profile,
 * region, id). The host owns the data and every decision: the page renders the model and a pending
 * edit, and asks; on Apply the host checks the request against its own model (checkApply), asks a
 * modal confirmation before anything is made public, writes through ImageWrites (which re-reads and
 * announces the change), and answers with what did and did not change. Open panels follow the change
 * flow: an update of their image re-reads the permissions, a removal marks the panel gone.
 */
import type * as vscode from 'vscode';
import { detailsKey } from '../../model/details';
import { imageFor, type AmiImage, type AmiRef } from '../../model/image';
import { checkEntry, type PermissionDiff, type PermissionEntry } from '../../model/launchPermissions';
import {
  checkApply,
  describeOutcome,
  permissionsPanelTitle,
  publicConfirmation,
  type ApplyRequest,
  type ApplyResult,
  type OutcomeFacts,
  type PermissionsModel,
} from '../../model/permissionsEditor';
import { describeFailure, type Result } from '../../model/result';
import { ImagePanel, type ImagePanelEnv } from '../imagePanel';
import { PanelKind } from '../panelBase';
import { ApplyRequestType, CopyFromRequest, PERMISSIONS_VIEW_TYPE, PermissionsProtocol, RefreshCommand, isPermissionsState, type PermissionsState } from './protocol';

/** What the panel needs from the rest of the extension (permissionsHost.ts builds it). */
export interface PermissionsPanelHost extends ImagePanelEnv {
  /** Reads the image, its launch permissions, its snapshots' permissions and block public access. */
  load(ref: AmiRef, signal: AbortSignal, image?: AmiImage): Promise<Result<PermissionsModel>>;
  /** Reads block public access again just before making public: why it is blocked, or undefined. */
  publicBlocked(ref: AmiRef): Promise<string | undefined>;
  /** A modal confirmation; true only when the person chose `action`. */
  confirm(message: string, detail: string, action: string): Thenable<boolean>;
  /** ImageWrites.applyPermissionDiff. */
  apply(ref: AmiRef, diff: PermissionDiff, mirrorTo: readonly string[]): Promise<Result<OutcomeFacts>>;
  /** Picks another image and reads its entries; undefined when the person cancelled. */
  copyFrom(): Promise<Result<{ source: AmiRef; entries: PermissionEntry[]; public: boolean }> | undefined>;
}

const PERMISSIONS = new PanelKind<AmiRef, PermissionsModel, PermissionsState, PermissionsPanel>({
  viewType: PERMISSIONS_VIEW_TYPE,
  name: 'Edit Launch Permissions',
  script: 'permissions',
  protocol: PermissionsProtocol,
  id: detailsKey,
  restore: (state) => (isPermissionsState(state) ? { key: state.ref, state } : undefined),
  // A form: typed text and the pending edit stay while the tab is hidden.
  retainContextWhenHidden: true,
});

export class PermissionsPanel extends ImagePanel<PermissionsModel, PermissionsState> {
  /** Opens (or reveals) the panel for `ref`; a revealed panel reads the permissions again in the background. */
  static show(host: PermissionsPanelHost, ref: AmiRef, image?: AmiImage): PermissionsPanel {
    const { panel, created } = PERMISSIONS.show(ref, permissionsPanelTitle(ref), (p) => new PermissionsPanel(host, p, ref), host);
    const known = imageFor(image, ref);
    if (created) panel.fetch(known, false);
    else if (!panel.loading && !panel.gone && !panel.applying) panel.fetch(undefined, panel.model !== undefined);
    return panel;
  }

  static registerSerializer(host: PermissionsPanelHost): vscode.Disposable {
    return PERMISSIONS.registerSerializer((p, ref) => PermissionsPanel.restored(host, p, ref), host);
  }

  static revive(host: PermissionsPanelHost, panel: vscode.WebviewPanel, state: unknown): PermissionsPanel | undefined {
    return PERMISSIONS.revive(panel, state, (p, ref) => PermissionsPanel.restored(host, p, ref), host);
  }

  static find(ref: AmiRef): PermissionsPanel | undefined {
    return PERMISSIONS.find(ref);
  }

  /** A restored page shows what it kept, but the host trusts only its own reading: it reads again at once. */
  private static restored(host: PermissionsPanelHost, panel: vscode.WebviewPanel, ref: AmiRef): PermissionsPanel {
    const revived = new PermissionsPanel(host, panel, ref);
    revived.fetch(undefined, true);
    return revived;
  }

  private applyInFlight = false;

  private constructor(
    private readonly host: PermissionsPanelHost,
    panel: vscode.WebviewPanel,
    ref: AmiRef,
  ) {
    super(PERMISSIONS, host, panel, ref);
    const m = this.messages;
    m.onCommand(RefreshCommand, () => this.reload());
    m.onRequest(ApplyRequestType, (request) => this.apply(request));
    m.onRequest(CopyFromRequest, () => this.copyFrom());
  }

  /** Whether an Apply is between its check and its answer. */
  get applying(): boolean {
    return this.applyInFlight;
  }

  protected imageTitle(model: PermissionsModel | undefined): string {
    return permissionsPanelTitle(this.key, model);
  }

  reload(): void {
    this.fetch(undefined, false);
  }

  private fetch(image: AmiImage | undefined, quiet: boolean): void {
    this.load((signal) => this.host.load(this.key, signal, image), { quiet });
  }

  /** The change flow: any update of this image re-reads its permissions (the change carries the image only). */
  protected showUpdated(image: AmiImage): void {
    this.fetch(image, true);
  }

  /**
   * Apply: checked against the host's model (never the page's), a modal confirmation before making
   * public (block public access read again first), the write, then the re-read model.
   */
  async apply(request: ApplyRequest): Promise<ApplyResult> {
    if (this.applyInFlight) return { status: 'refused', message: 'A change is being applied already; wait for it to finish.', details: [] };
    if (this.gone) return { status: 'refused', message: `Nothing was sent. ${this.gone}`, details: [] };
    const model = this.model;
    const checked = checkApply(model, request);
    if (!checked.ok || !model) {
      const reason = checked.ok ? 'The launch permissions have not been loaded yet.' : checked.reason;
      this.host.log.warn(`Edit Launch Permissions: refused an Apply for ${this.key.imageId}: ${reason}`);
      return { status: 'refused', message: reason, details: checked.ok ? [] : (checked.invalid ?? []).map((i) => `${i.input}: ${i.reason}`) };
    }
    this.applyInFlight = true;
    try {
      if (checked.makesPublic) {
        const blocked = await this.host.publicBlocked(this.key);
        if (blocked) return { status: 'refused', message: `Nothing was sent. ${blocked}`, details: [] };
        const { message, detail } = publicConfirmation(model);
        const confirmed = await this.host.confirm(message, detail, 'Make Public');
        if (!confirmed) return { status: 'cancelled', message: `Nothing was sent: ${this.key.imageId} stays as it was.`, details: [] };
      }
      const outcome = await this.host.apply(this.key, checked.diff, checked.mirrorTo);
      if (!outcome.ok) {
        this.fetch(undefined, true);
        return { status: 'failed', message: `Nothing was changed: ${describeFailure(outcome.error)}`, details: [] };
      }
      // An announced change already re-reads through the change flow; otherwise read again here.
      if (outcome.value.change === undefined) this.fetch(undefined, true);
      return describeOutcome(this.key.imageId, outcome.value);
    } finally {
      this.applyInFlight = false;
    }
  }

  /** "Copy from another AMI…": the picked image's entries, except those this image cannot take (its owner). */
  async copyFrom(): Promise<{ entries: PermissionEntry[]; message?: string }> {
    const picked = await this.host.copyFrom();
    if (!picked) return { entries: [] };
    if (!picked.ok) return { entries: [], message: `Could not read the launch permissions to copy: ${describeFailure(picked.error)}` };
    const ownerId = this.model?.ownerId;
    const entries = picked.value.entries.filter((e) => checkEntry(e.value, ownerId).ok);
    const notes: string[] = [];
    if (entries.length < picked.value.entries.length) notes.push('the owner’s own account was left out');
    if (picked.value.public) notes.push(`${picked.value.source.imageId} is public; that is not copied (use Make public)`);
    const found = entries.length === 0 ? `${picked.value.source.imageId} is shared with no account, organization or OU` : `Copied ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} from ${picked.value.source.imageId}`;
    return { entries, message: `${found}${notes.length ? `; ${notes.join('; ')}` : ''}.` };
  }
}
