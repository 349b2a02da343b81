/**
 * The base of every panel that shows one AMI (its key is the image's ref): the details page, the
 * launch-permissions editor, and the panels to come. On top of the panel base it follows the
 * change flow (an update of this image is shown from the re-read image the change carries; a
 * removal marks the panel gone) and treats a reload that EC2 answers with "not found" as gone too.
 */
import type * as vscode from 'vscode';
import { concerns, type ImageChange } from '../model/changes';
import type { AmiImage, AmiRef } from '../model/image';
import type { AwsFailure } from '../model/result';
import { PanelBase, type PanelEnv, type PanelKind } from './panelBase';

/** What an image panel needs from the extension besides the panel base's. */
export interface ImagePanelEnv extends PanelEnv {
  /** The change flow (ExtensionServices.onDidChangeImage). */
  readonly onDidChangeImage: vscode.Event<ImageChange>;
}

/** The banner of a panel whose image was deregistered or is no longer visible. */
export function imageGoneMessage(ref: AmiRef): string {
  return `This image was deregistered or is no longer visible in ${ref.region}.`;
}

export abstract class ImagePanel<M, S> extends PanelBase<AmiRef, M, S> {
  protected constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    kind: PanelKind<AmiRef, M, S, any>,
    env: ImagePanelEnv,
    panel: vscode.WebviewPanel,
    ref: AmiRef,
  ) {
    super(kind, env, panel, ref);
    this.track(env.onDidChangeImage((change) => this.imageChanged(change)));
  }

  get ref(): AmiRef {
    return this.key;
  }

  /** The tab title for the model shown (none yet: undefined), before any "(deregistered)". */
  protected abstract imageTitle(model: M | undefined): string;

  /** A write changed this image: show it, from the re-read image the change carries. */
  protected abstract showUpdated(image: AmiImage): void;

  protected titleFor(model: M | undefined, gone: boolean): string {
    const title = this.imageTitle(model);
    return gone ? `${title} (deregistered)` : title;
  }

  /**
   * A reload of an image the panel showed that EC2 no longer finds (deregistered, or its launch
   * permission was taken away) is shown as gone, not as an error.
   */
  protected override isGone(failure: AwsFailure): boolean {
    return failure.kind === 'notFound' && this.model !== undefined;
  }

  protected override goneText(): string {
    return imageGoneMessage(this.key);
  }

  private imageChanged(change: ImageChange): void {
    if (!concerns(change, this.key)) return;
    if (change.kind === 'updated') this.showUpdated(change.image);
    else if (change.kind === 'removed') this.markGone(imageGoneMessage(this.key));
  }
}
