/**
 * Copy to Region…: CopyImage of an owned or launchable image. Steps (Back on the pickers): target
 * region (the enabled regions; the source's own region is offered too, as EC2 allows), name
 * (prefilled with the source's, validated), description (the console's "[Copied ami-… from …]"),
 * encryption (keep / the default EBS key / a KMS key typed and validated), copy tags or not.
 * Every step has Back from the second on; Escape sends nothing. Then progress until the copy is available (cancellable: stops waiting only) and the copy is
 * revealed in the tree. The copy carries a ClientToken, reused when the same form is sent again.
 */
import type { AmiImage } from '../../model/image';
import { imageLabel } from '../../model/format';
import {
  defaultCopyDescription,
  defaultCopyName,
  descriptionProblem,
  encryptionText,
  imageNameProblem,
  kmsKeyProblem,
  kmsKeyRegion,
  type CopyEncryption,
  type CopyForm,
} from '../../model/imageCreation';
import { pickText } from '../../model/text';
import { BACK, showInputStep, showStep, type ValueItem } from '../../ui/quickStep';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';
import { loadWithProgress, runCreation, type CreationOutcome } from './creationFlow';

const TITLE = 'Copy to Region';
const STEPS = 5;

/** Labels of the choices, for tests. */
export const COPY_ITEMS = {
  keep: 'Keep as source',
  defaultKey: 'Encrypt with the default key',
  kmsKey: 'Encrypt with KMS key…',
  copyTags: 'Copy the image’s tags',
  noTags: 'Do not copy tags',
} as const;

export default defineCommand({
  id: COMMAND_IDS.copyToRegion,
  title: 'Copy to Region…',
  async run(ctx, node?: unknown): Promise<CreationOutcome | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Copy to Region…' });
    if (!target) return undefined;
    const { ref } = target;
    const profile = ref.profile;
    let image: AmiImage | undefined = target.image;
    if (!image) image = await loadWithProgress(`Reading ${ref.imageId}…`, (signal) => ctx.services.aws().images(profile).getImage(ref.region, ref.imageId, signal));
    if (!image) return undefined;
    if (image.state !== 'available') throw new CommandError(`${ref.imageId} is ${image.state ?? 'not available'}: only available images can be copied.`);
    const regions = await loadWithProgress('Listing regions…', (signal) => ctx.services.aws().listRegions(profile, signal, { ignoreConfigured: true }));
    if (!regions) return undefined;

    const source = image;
    const form: CopyForm = {
      sourceRegion: ref.region,
      sourceImageId: ref.imageId,
      targetRegion: regions.find((r) => r.name !== ref.region)?.name ?? ref.region,
      name: '',
      description: defaultCopyDescription(source, ref.region),
      encryption: { kind: 'keep' },
      copyTags: true,
    };
    const title = (what: string): string => `${TITLE}: ${what} (${pickText(imageLabel(source))})`;
    let step = 1;
    let nameTouched = false;
    while (step <= STEPS) {
      if (step === 1) {
        const items: ValueItem<string>[] = regions.map((r) => ({ label: r.name, value: r.name, ...(r.name === ref.region ? { description: 'the source’s region (a copy beside it)' } : {}) }));
        const picked = await showStep({ title: title('target region'), step: 1, totalSteps: STEPS, placeholder: `Copy ${ref.imageId} from ${ref.region} to…`, items, active: items.filter((i) => i.value === form.targetRegion) });
        if (picked === undefined || picked === BACK) return undefined;
        form.targetRegion = (picked[0] as ValueItem<string>).value;
        if (!nameTouched) form.name = defaultCopyName(source, form.targetRegion === ref.region);
        step++;
      } else if (step === 2 || step === 3) {
        const naming = step === 2;
        const text = await showInputStep({
          title: title(naming ? 'name' : 'description'),
          step,
          totalSteps: STEPS,
          prompt: naming ? `Name of the copy in ${form.targetRegion} (3–128 characters)` : 'Description of the copy (at most 255 characters)',
          value: naming ? form.name : form.description,
          validate: naming ? imageNameProblem : descriptionProblem,
        });
        if (text === undefined) return undefined;
        if (text === BACK) {
          step--;
          continue;
        }
        if (naming) {
          form.name = text;
          nameTouched = true;
        } else {
          form.description = text;
        }
        step++;
      } else if (step === 4) {
        const items: ValueItem<CopyEncryption['kind']>[] = [
          { label: COPY_ITEMS.keep, value: 'keep', detail: 'Encrypted snapshots stay encrypted (with the target region’s matching key); unencrypted ones stay unencrypted.' },
          { label: COPY_ITEMS.defaultKey, value: 'default', detail: `The AWS managed key aws/ebs of ${form.targetRegion}. Copies encrypted with it cannot be shared with other accounts.` },
          { label: COPY_ITEMS.kmsKey, value: 'kms', detail: `A customer managed key of ${form.targetRegion}: its id, alias or ARN.` },
        ];
        const picked = await showStep({ title: title('encryption'), step: 4, totalSteps: STEPS, placeholder: 'Encryption of the copy’s snapshots', items, active: items.filter((i) => i.value === form.encryption.kind) });
        if (picked === undefined) return undefined;
        if (picked === BACK) {
          step--;
          continue;
        }
        const kind = (picked[0] as ValueItem<CopyEncryption['kind']>).value;
        if (kind === 'kms') {
          const keyId = await showInputStep({
            title: title('KMS key'),
            step: 4,
            totalSteps: STEPS,
            prompt: `KMS key of ${form.targetRegion}: key id, alias/NAME, or ARN`,
            value: form.encryption.kind === 'kms' ? form.encryption.keyId : '',
            placeholder: 'alias/my-key or arn:aws:kms:…',
            validate: (v) => kmsKeyProblem(v) ?? (kmsKeyRegion(v) && kmsKeyRegion(v) !== form.targetRegion ? `The key is in ${kmsKeyRegion(v)}; the copy is made in ${form.targetRegion}.` : undefined),
          });
          if (keyId === undefined) return undefined;
          if (keyId === BACK) continue; // Back from the key: choose the encryption again
          form.encryption = { kind: 'kms', keyId };
        } else {
          form.encryption = { kind };
        }
        step++;
      } else {
        const items: ValueItem<boolean>[] = [
          { label: COPY_ITEMS.copyTags, value: true, description: `${Object.keys(source.tags ?? {}).length} tag(s)` },
          { label: COPY_ITEMS.noTags, value: false },
        ];
        const picked = await showStep({ title: title('tags'), step: 5, totalSteps: STEPS, placeholder: `${encryptionText(form.encryption)}. Copy the tags too?`, items, active: items.filter((i) => i.value === form.copyTags) });
        if (picked === undefined) return undefined;
        if (picked === BACK) {
          step--;
          continue;
        }
        form.copyTags = (picked[0] as ValueItem<boolean>).value;
        step++;
      }
    }
    const outcome = await runCreation(ctx, 'copy', { name: form.name, region: form.targetRegion, sourceImageId: ref.imageId }, (writes, signal) => writes.copy(profile, form, signal));
    return outcome;
  },
});

