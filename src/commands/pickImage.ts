/**
 * Picks an AMI from the command palette: a profile (when several are configured), a region, then
 * an image of the configured owner scopes, or an image id typed in directly.
 */
import * as vscode from 'vscode';
import type { AmiImage, AmiRef } from '../model/image';
import type { ExtensionServices } from '../services';
import { isImageId } from '../webviews/guards';
import { fromFailure } from './commandErrors';

/** Images listed per owner scope in the picker (one DescribeImages page each). */
const PICKER_PAGE = 200;

async function pickProfile(services: ExtensionServices): Promise<{ profile: string | undefined } | undefined> {
  const profiles = services.settings().profiles;
  if (profiles.length <= 1) return { profile: profiles[0] ?? (await services.aws().getDefaultProfile()) };
  const picked = await vscode.window.showQuickPick(profiles, { title: 'Inspect AMI: profile', placeHolder: 'Profile to look in' });
  return picked === undefined ? undefined : { profile: picked };
}

async function pickRegion(services: ExtensionServices, profile: string | undefined, title: string): Promise<string | undefined> {
  const configured = services.settings().regions;
  let regions = configured;
  if (regions.length === 0) {
    const listed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing regions…' }, () => services.aws().listRegions(profile));
    if (!listed.ok) throw fromFailure(listed.error);
    regions = listed.value.map((r) => r.name);
  }
  if (regions.length === 1) return regions[0];
  return vscode.window.showQuickPick(regions, { title: `${title}: region`, placeHolder: 'Region of the image' });
}

type ImageItem = vscode.QuickPickItem & { imageId: string };

function imageItem(image: AmiImage): ImageItem {
  const label = (image.tags.Name ?? image.name ?? image.imageId).replace(/\s+/g, ' ').trim() || image.imageId;
  return {
    imageId: image.imageId,
    label,
    description: image.imageId,
    detail: [image.name && image.name !== label ? image.name : undefined, image.architecture, image.creationDate?.slice(0, 10), image.state !== 'available' ? image.state : undefined]
      .filter(Boolean)
      .join(' · '),
  };
}

async function listForPicker(services: ExtensionServices, profile: string | undefined, region: string, signal: AbortSignal): Promise<{ items: ImageItem[]; error?: string }> {
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

/** An image picked (or typed) by the person; undefined when they cancel. */
export async function pickImage(services: ExtensionServices, title = 'Inspect AMI'): Promise<AmiRef | undefined> {
  const chosenProfile = await pickProfile(services);
  if (!chosenProfile) return undefined;
  const { profile } = chosenProfile;
  const region = await pickRegion(services, profile, title);
  if (!region) return undefined;

  const qp = vscode.window.createQuickPick<ImageItem>();
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
      void listForPicker(services, profile, region, controller.signal).then(({ items, error }) => {
        listed = items;
        qp.busy = false;
        if (error && items.length === 0) qp.placeholder = `Could not list images (${error}). Type an image id (ami-…)`;
        update();
      });
    });
  } finally {
    controller.abort();
    qp.dispose();
  }
}
