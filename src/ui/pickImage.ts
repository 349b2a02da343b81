/**
 * Picks an AMI from the command palette: a profile (when several are configured), a region, then
 * an image of the configured owner scopes, or an image id typed in directly.
 */
import * as vscode from 'vscode';
import { imageLabel, oneLine, truncate } from '../model/format';
import { escapeIcons, pickText } from '../model/text';
import type { AmiImage, AmiRef } from '../model/image';
import type { ExtensionServices } from '../services';
import { errorMessage } from '../util/log';
import { isImageId } from '../webviews/guards';
import { fromFailure } from '../commands/errors';

/** Images listed per owner scope in the picker (one DescribeImages page each). */
const PICKER_PAGE = 200;

export async function pickProfile(services: ExtensionServices, title: string): Promise<{ profile: string | undefined } | undefined> {
  const profiles = services.settings().profiles;
  if (profiles.length <= 1) return { profile: profiles[0] ?? (await services.aws().getDefaultProfile()) };
  const picked = await vscode.window.showQuickPick(profiles, { title: `${title}: profile`, placeHolder: 'Profile to look in', ignoreFocusOut: true });
  return picked === undefined ? undefined : { profile: picked };
}

export async function pickRegion(services: ExtensionServices, profile: string | undefined, title: string): Promise<string | undefined> {
  const configured = services.settings().regions;
  let regions = configured;
  if (regions.length === 0) {
    const listed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing regions…' }, () => services.aws().listRegions(profile));
    if (!listed.ok) throw fromFailure(listed.error);
    regions = listed.value.map((r) => r.name);
  }
  if (regions.length === 1) return regions[0];
  return vscode.window.showQuickPick(regions, { title: `${title}: region`, placeHolder: 'Region of the image', ignoreFocusOut: true });
}

export type ImageItem = vscode.QuickPickItem & { imageId: string };

/** Longest image label or name shown in the picker before it is cut. */
const PICKER_TEXT_MAX = 120;

/**
 * A picker item for an image. Every text is one visible line (bidi and invisible characters
 * escaped) that cannot draw a codicon: a name such as "$(verified) Official" shows as typed.
 */
export function imageItem(image: AmiImage): ImageItem {
  const label = imageLabel(image);
  const name = image.name ? oneLine(image.name) : undefined;
  return {
    imageId: image.imageId,
    label: escapeIcons(truncate(label, PICKER_TEXT_MAX)),
    description: pickText(image.imageId),
    detail: [name && name !== label ? truncate(name, PICKER_TEXT_MAX) : undefined, image.architecture, image.creationDate?.slice(0, 10), image.state !== 'available' ? image.state : undefined]
      .filter((part): part is string => !!part)
      .map(pickText)
      .join(' · '),
  };
}

export interface PickerListing {
  items: ImageItem[];
  error?: string;
}

async function listForPicker(services: ExtensionServices, profile: string | undefined, region: string, signal: AbortSignal): Promise<PickerListing> {
  const settings = services.settings();
  const ops = services.aws().images(profile);
  const items: ImageItem[] = [];
  let error: string | undefined;
  for (const scope of settings.owners) {
    const page = await ops.listImages(
      region,
      scope,
      { includeDeprecated: true, includeDisabled: settings.showDisabled, ...(settings.architecture ? { architecture: settings.architecture } : {}) },
      { pageSize: PICKER_PAGE },
      signal,
    );
    if (!page.ok) {
      error = page.error.message;
      continue;
    }
    for (const image of page.value.items) if (!items.some((i) => i.imageId === image.imageId)) items.push(imageItem(image));
  }
  return { items, ...(error ? { error } : {}) };
}

/**
 * Shows a listing in the picker once it settles: not busy any more, the reason as the placeholder
 * when nothing could be listed (also when listing threw). Nothing happens once `signal` aborted
 * (the picker was closed and disposed).
 */
export async function showListing(
  qp: { busy: boolean; placeholder: string | undefined },
  listing: Promise<PickerListing>,
  signal: AbortSignal,
  show: (items: ImageItem[]) => void,
): Promise<void> {
  let result: PickerListing;
  try {
    result = await listing;
  } catch (err) {
    result = { items: [], error: errorMessage(err) };
  }
  if (signal.aborted) return;
  qp.busy = false;
  if (result.error && result.items.length === 0) qp.placeholder = `Could not list images (${result.error}). Type an image id (ami-…)`;
  show(result.items);
}

/** An image picked (or typed) by the person; undefined when they cancel. */
export async function pickImage(services: ExtensionServices, title = 'Inspect AMI'): Promise<AmiRef | undefined> {
  const chosenProfile = await pickProfile(services, title);
  if (!chosenProfile) return undefined;
  const { profile } = chosenProfile;
  const region = await pickRegion(services, profile, title);
  if (!region) return undefined;

  const qp = vscode.window.createQuickPick<ImageItem>();
  // A step of a multi-step pick: it stays open when focus moves (a webview finishing its load takes
  // focus); Escape still closes it.
  qp.ignoreFocusOut = true;
  qp.title = `${title}: image in ${region}`;
  qp.placeholder = 'Pick an image, or type an image id (ami-…)';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  const controller = new AbortController();
  let listed: ImageItem[] = [];
  const typedItem = (value: string): ImageItem[] => {
    const id = value.trim();
    return isImageId(id) && !listed.some((i) => i.imageId === id) ? [{ imageId: id, label: id, description: 'Inspect this image id', alwaysShow: true }] : [];
  };
  const update = (): void => {
    qp.items = [...typedItem(qp.value), ...listed];
  };
  try {
    return await new Promise<AmiRef | undefined>((resolve) => {
      qp.onDidChangeValue(update);
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0] ?? typedItem(qp.value)[0];
        if (!item) return;
        resolve({ region, imageId: item.imageId, ...(profile !== undefined ? { profile } : {}) });
        qp.hide();
      });
      qp.onDidHide(() => resolve(undefined));
      qp.show();
      void showListing(qp, listForPicker(services, profile, region, controller.signal), controller.signal, (items) => {
        listed = items;
        update();
      });
    });
  } finally {
    controller.abort();
    qp.dispose();
  }
}
