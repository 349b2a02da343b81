/**
 * Register Image from Snapshot…: RegisterImage from an owned, completed snapshot of the region.
 * From a region node or the palette. Steps (Back on the pickers): root snapshot, name,
 * architecture, boot mode, ENA, extra volumes from the other snapshots (each gets the next free
 * device name, /dev/sdb on). The request always says the architecture and `hvm` (EC2's defaults
 * would be i386 and paravirtual). Then progress until available and the image revealed.
 */
import type * as vscode from 'vscode';
import {
  bootModesFor,
  DEFAULT_ROOT_DEVICE,
  imageNameProblem,
  nextDeviceName,
  REGISTER_ARCHITECTURES,
  snapshotDetail,
  snapshotLabel,
  type BootMode,
  type ExtraVolume,
  type RegisterArchitecture,
  type RegisterForm,
  type SnapshotSummary,
} from '../../model/imageCreation';
import { pickText } from '../../model/text';
import { BACK, showInputStep, showStep, type ValueItem } from '../../ui/quickStep';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { loadWithProgress, resolveRegion, runCreation, type CreationOutcome } from './creationFlow';

const TITLE = 'Register Image from Snapshot';
const STEPS = 6;

/** Labels of the choices, for tests. */
export const REGISTER_ITEMS = {
  ena: 'ENA enabled',
  noEna: 'Without ENA',
  noExtra: 'No extra volumes',
} as const;

const ARCH_DETAIL: Record<RegisterArchitecture, string> = {
  x86_64: '64-bit Intel/AMD',
  arm64: '64-bit Arm (Graviton); boots with UEFI',
  i386: '32-bit x86 (previous-generation instance types only)',
};
const BOOT_DETAIL: Record<BootMode, string> = {
  'uefi-preferred': 'UEFI where the instance type supports it, else legacy BIOS',
  uefi: 'UEFI only (needed for NitroTPM and Secure Boot)',
  'legacy-bios': 'Legacy BIOS only',
};

export default defineCommand({
  id: COMMAND_IDS.registerImageFromSnapshot,
  title: 'Register Image from Snapshot…',
  async run(ctx, node?: unknown): Promise<CreationOutcome | undefined> {
    const where = await resolveRegion(ctx, node, TITLE);
    if (!where) return undefined;
    const { profile, region } = where;
    const snapshots = await loadWithProgress(`Listing your snapshots in ${region}…`, (signal) => ctx.services.aws().creation(profile).listOwnedSnapshots(region, signal));
    if (!snapshots) return undefined;
    if (snapshots.length === 0) throw new CommandError(`This account owns no completed snapshot in ${region}.`, 'Create a snapshot of a volume first.');

    const form: RegisterForm = { region, name: '', description: '', rootSnapshotId: '', rootDeviceName: DEFAULT_ROOT_DEVICE, architecture: 'x86_64', bootMode: 'uefi-preferred', enaSupport: true, extraVolumes: [] };
    const title = (what: string): string => `${TITLE} in ${region}: ${what}`;
    const snapshotItem = (s: SnapshotSummary): ValueItem<SnapshotSummary> => ({ label: pickText(snapshotLabel(s)), value: s, description: pickText(snapshotDetail(s)) });
    let step = 1;
    while (step <= STEPS) {
      let picked: readonly vscode.QuickPickItem[] | typeof BACK | undefined;
      if (step === 1) {
        const items = snapshots.map(snapshotItem);
        picked = await showStep({ title: title('root volume'), step, totalSteps: STEPS, placeholder: 'The snapshot of the root volume', items, active: items.filter((i) => i.value.snapshotId === form.rootSnapshotId) });
        if (picked === undefined || picked === BACK) return undefined;
        const root = (picked[0] as ValueItem<SnapshotSummary>).value;
        if (root.snapshotId !== form.rootSnapshotId && !form.name) form.name = root.name && !imageNameProblem(root.name) ? root.name : '';
        form.rootSnapshotId = root.snapshotId;
        form.extraVolumes = form.extraVolumes.filter((v) => v.snapshotId !== root.snapshotId);
        step++;
        continue;
      }
      if (step === 2) {
        const name = await showInputStep({ title: title('name'), step, totalSteps: STEPS, prompt: 'Name of the new image (3–128 characters, unique in the region)', value: form.name, validate: imageNameProblem });
        if (name === undefined) return undefined;
        if (name === BACK) {
          step--;
          continue;
        }
        form.name = name;
        step++;
        continue;
      }
      if (step === 3) {
        const items: ValueItem<RegisterArchitecture>[] = REGISTER_ARCHITECTURES.map((a) => ({ label: a, value: a, detail: ARCH_DETAIL[a] }));
        picked = await showStep({ title: title('architecture'), step, totalSteps: STEPS, placeholder: 'Architecture of the operating system on the snapshot', items, active: items.filter((i) => i.value === form.architecture) });
        if (picked !== undefined && picked !== BACK) {
          form.architecture = (picked[0] as ValueItem<RegisterArchitecture>).value;
          if (form.bootMode && !bootModesFor(form.architecture).includes(form.bootMode)) form.bootMode = bootModesFor(form.architecture)[0];
        }
      } else if (step === 4) {
        const items: ValueItem<BootMode>[] = bootModesFor(form.architecture).map((m) => ({ label: m, value: m, detail: BOOT_DETAIL[m] }));
        picked = await showStep({ title: title('boot mode'), step, totalSteps: STEPS, placeholder: `Boot mode (${form.architecture})`, items, active: items.filter((i) => i.value === form.bootMode) });
        if (picked !== undefined && picked !== BACK) form.bootMode = (picked[0] as ValueItem<BootMode>).value;
      } else if (step === 5) {
        const items: ValueItem<boolean>[] = [
          { label: REGISTER_ITEMS.ena, value: true, detail: 'Needed by current-generation instance types (the OS must have the ENA driver).' },
          { label: REGISTER_ITEMS.noEna, value: false, detail: 'Only older instance types will launch it.' },
        ];
        picked = await showStep({ title: title('networking'), step, totalSteps: STEPS, placeholder: 'Enhanced networking (ENA)', items, active: items.filter((i) => i.value === form.enaSupport) });
        if (picked !== undefined && picked !== BACK) form.enaSupport = (picked[0] as ValueItem<boolean>).value;
      } else {
        const items = snapshots.filter((s) => s.snapshotId !== form.rootSnapshotId).map(snapshotItem);
        const ticked = items.filter((i) => form.extraVolumes.some((v) => v.snapshotId === i.value.snapshotId));
        picked = await showStep({ title: title('extra volumes'), step, totalSteps: STEPS, placeholder: `${REGISTER_ITEMS.noExtra} unless ticked: each becomes /dev/sdb, /dev/sdc, …`, items, active: ticked, canPickMany: true });
        if (picked !== undefined && picked !== BACK) {
          const extra: ExtraVolume[] = [];
          for (const item of picked as ValueItem<SnapshotSummary>[]) extra.push({ snapshotId: item.value.snapshotId, deviceName: nextDeviceName([form.rootDeviceName, ...extra.map((v) => v.deviceName)]) });
          form.extraVolumes = extra;
        }
      }
      if (picked === undefined) return undefined;
      step = picked === BACK ? step - 1 : step + 1;
    }
    return runCreation(ctx, 'register', { name: form.name, region, snapshotId: form.rootSnapshotId }, (writes, signal) => writes.register(profile, form, signal));
  },
});
