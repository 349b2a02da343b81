/**
 * Gathers what the inspect features show, through the service layer: the image, the attributes
 * DescribeImages does not carry, the snapshots behind its volumes and its ancestry. Parts that
 * fail are kept as failures for the view to explain; only a failed DescribeImages fails the whole.
 */
import { buildDetailsModel, type DetailsModel } from '../model/details';
import type { AmiImage, AmiRef, ImageAttributeName, ImageAttributeValue, SnapshotInfo } from '../model/image';
import { IMAGE_ATTRIBUTE_NAMES, imageFor } from '../model/image';
import { ok, type Result } from '../model/result';
import type { ExtensionServices } from '../services';
import { Limiter } from '../util/limiter';

/** The caller's account id when the credentials carry it; used to tell "yours" from "shared". */
async function accountIdOf(services: ExtensionServices, profile: string | undefined): Promise<string | undefined> {
  const r = await services.aws().checkCredentials(profile);
  return r.ok ? r.value.accountId : undefined;
}

/**
 * Loads and builds the details panel's model. `known`: the image as the caller already holds it
 * (a tree node's DescribeImages record); used instead of describing it again when it is this image.
 */
export async function loadDetails(services: ExtensionServices, ref: AmiRef, signal: AbortSignal, known?: AmiImage): Promise<Result<DetailsModel>> {
  const ops = services.aws().images(ref.profile);
  const seeded = imageFor(known, ref);
  const image = seeded ? ok(seeded) : await ops.getImage(ref.region, ref.imageId, signal);
  if (!image.ok) return image;
  const snapshotIds = [...new Set((image.value.blockDeviceMappings ?? []).flatMap((d) => (d.ebs?.snapshotId ? [d.ebs.snapshotId] : [])))];
  const [lastLaunched, permissions, snapshots, ancestry, accountId] = await Promise.all([
    ops.getImageAttribute(ref.region, ref.imageId, 'lastLaunchedTime', signal),
    ops.getImageAttribute(ref.region, ref.imageId, 'launchPermission', signal),
    snapshotIds.length ? ops.getSnapshots(ref.region, snapshotIds, signal) : Promise.resolve(ok<SnapshotInfo[]>([])),
    ops.getImageAncestry(ref.region, ref.imageId, signal),
    accountIdOf(services, ref.profile),
  ]);
  const model = buildDetailsModel(
    {
      ref,
      image: image.value,
      lastLaunchedTime: lastLaunched.ok ? ok(lastLaunched.value.value) : lastLaunched,
      launchPermissions: permissions.ok ? ok(permissions.value.launchPermissions ?? []) : permissions,
      // None of the snapshots visible is not an error of the image: the view lists them as unreadable.
      snapshots: !snapshots.ok && snapshots.error.kind === 'notFound' ? ok([]) : snapshots,
      ancestry,
      ...(accountId ? { accountId } : {}),
      fetchedAt: new Date().toISOString(),
      showHygiene: services.settings().hygieneMarks, // hygiene (#11)
    },
    new Date(),
  );
  return ok(model);
}

/** The attributes the JSON document lists (block device mappings already come with the image). */
const DOCUMENT_ATTRIBUTES: readonly ImageAttributeName[] = IMAGE_ATTRIBUTE_NAMES.filter((a) => a !== 'blockDeviceMapping');

/** DescribeImageAttribute calls in flight per document. */
const DOCUMENT_ATTRIBUTE_CONCURRENCY = 4;

export interface ImageDocumentData {
  image: AmiImage;
  attributes: ImageAttributeValue[];
  unavailable: Partial<Record<ImageAttributeName, string>>;
}

/** The image and every attribute, for the JSON document and the compare view. */
export async function loadImageDocument(services: ExtensionServices, ref: AmiRef, signal?: AbortSignal, known?: AmiImage): Promise<Result<ImageDocumentData>> {
  const ops = services.aws().images(ref.profile);
  const seeded = imageFor(known, ref);
  const image = seeded ? ok(seeded) : await ops.getImage(ref.region, ref.imageId, signal);
  if (!image.ok) return image;
  const attributes: ImageAttributeValue[] = [];
  const unavailable: Partial<Record<ImageAttributeName, string>> = {};
  // A few at a time: twelve calls at once per document would trip EC2's request rate sooner.
  // No signal to the limiter: a cancelled call still settles (as a failure), so every task ends.
  const limiter = new Limiter(DOCUMENT_ATTRIBUTE_CONCURRENCY);
  await Promise.all(
    DOCUMENT_ATTRIBUTES.map((name) =>
      limiter.run(async () => {
        const r = await ops.getImageAttribute(ref.region, ref.imageId, name, signal);
        if (r.ok) attributes.push(r.value);
        else unavailable[name] = r.error.message;
      }),
    ),
  );
  attributes.sort((a, b) => DOCUMENT_ATTRIBUTES.indexOf(a.attribute) - DOCUMENT_ATTRIBUTES.indexOf(b.attribute));
  return ok({ image: image.value, attributes, unavailable });
}
