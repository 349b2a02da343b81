/**
 * Create Image from Instance…: CreateImage from one of the region's running or stopped instances
 * (DescribeInstances). From a region node, the view's title bar or the palette (then profile and
 * region pickers). Steps: instance, name, description, reboot or no reboot (with its warning that
 * the file systems may be inconsistent), tags for the image and its snapshots; Back on every step
 * from the second, Escape sends nothing. Then progress until
 * the image is available (cancellable: stops waiting only) and the image revealed in the tree.
 */
import {
  defaultCreateName,
  descriptionProblem,
  imageableInstances,
  imageNameProblem,
  instanceDetail,
  instanceLabel,
  NO_REBOOT_WARNING,
  parseTags,
  REBOOT_NOTE,
  type CreateForm,
  type InstanceSummary,
} from '../../model/imageCreation';
import { pickText } from '../../model/text';
import { BACK, showInputStep, showStep, type ValueItem } from '../../ui/quickStep';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { loadWithProgress, resolveRegion, runCreation, type CreationOutcome } from './creationFlow';

const TITLE = 'Create Image from Instance';

/** Labels of the choices, for tests. */
export const CREATE_ITEMS = {
  reboot: 'Reboot the instance',
  noReboot: 'No reboot',
} as const;

export default defineCommand({
  id: COMMAND_IDS.createImageFromInstance,
  title: 'Create Image from Instance…',
  async run(ctx, node?: unknown): Promise<CreationOutcome | undefined> {
    const where = await resolveRegion(ctx, node, TITLE);
    if (!where) return undefined;
    const { profile, region } = where;
    const all = await loadWithProgress(`Listing the instances in ${region}…`, (signal) => ctx.services.aws().creation(profile).listInstances(region, signal));
    if (!all) return undefined;
    const instances = imageableInstances(all);
    if (instances.length === 0) {
      throw new CommandError(`There is no running or stopped instance in ${region} to create an image from.`, all.length > 0 ? 'Wait until an instance is running or stopped.' : 'Launch an instance first.');
    }

    const form: CreateForm = { region, instanceId: '', name: '', description: '', noReboot: false, tags: {} };
    let tagsText = '';
    let step = 1;
    const title = (what: string): string => `${TITLE} in ${region}: ${what}`;
    while (step <= 5) {
      if (step === 1) {
        const items: ValueItem<InstanceSummary>[] = instances.map((i) => ({ label: pickText(instanceLabel(i)), value: i, description: instanceDetail(i) }));
        const picked = await showStep({ title: title('instance'), step: 1, totalSteps: 5, placeholder: 'The instance to make an image of', items, active: items.filter((i) => i.value.instanceId === form.instanceId) });
        if (picked === undefined || picked === BACK) return undefined;
        const chosen = (picked[0] as ValueItem<InstanceSummary>).value;
        if (chosen.instanceId !== form.instanceId) form.name = defaultCreateName(chosen, new Date());
        form.instanceId = chosen.instanceId;
        step++;
      } else if (step === 2 || step === 3) {
        const naming = step === 2;
        const text = await showInputStep({
          title: title(naming ? 'name' : 'description'),
          step,
          totalSteps: 5,
          prompt: naming ? 'Name of the new image (3–128 characters, unique in the region)' : 'Description (optional, at most 255 characters)',
          value: naming ? form.name : form.description,
          validate: naming ? imageNameProblem : descriptionProblem,
        });
        if (text === undefined) return undefined;
        if (text === BACK) {
          step--;
          continue;
        }
        if (naming) form.name = text;
        else form.description = text;
        step++;
      } else if (step === 4) {
        const items: ValueItem<boolean>[] = [
          { label: CREATE_ITEMS.reboot, value: false, description: 'consistent file systems', detail: REBOOT_NOTE },
          { label: `$(warning) ${CREATE_ITEMS.noReboot}`, value: true, description: 'the instance keeps running', detail: NO_REBOOT_WARNING },
        ];
        const picked = await showStep({ title: title('reboot'), step: 4, totalSteps: 5, placeholder: `Reboot ${form.instanceId} while the image is taken?`, items, active: items.filter((i) => i.value === form.noReboot) });
        if (picked === undefined) return undefined;
        if (picked === BACK) {
          step--;
          continue;
        }
        form.noReboot = (picked[0] as ValueItem<boolean>).value;
        step++;
      } else {
        const text = await showInputStep({
          title: title('tags'),
          step: 5,
          totalSteps: 5,
          prompt: 'Tags for the image and its snapshots: key=value, separated by commas (optional)',
          value: tagsText,
          placeholder: 'team=web, env=prod',
          validate: (v) => {
            const parsed = parseTags(v);
            return 'problem' in parsed ? parsed.problem : undefined;
          },
        });
        if (text === BACK) {
          step--;
          continue;
        }
        if (text === undefined) return undefined;
        const parsed = parseTags(text);
        if ('problem' in parsed) throw new CommandError(parsed.problem, 'Nothing was sent.');
        tagsText = text;
        form.tags = parsed.tags;
        step++;
      }
    }
    return runCreation(ctx, 'create', { name: form.name, region, instanceId: form.instanceId }, (writes, signal) => writes.create(profile, form, signal));
  },
});
