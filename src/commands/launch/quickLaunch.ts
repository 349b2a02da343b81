/**
 * Quick Launch…: launching from an image without the form, keyboard only. Five steps — instance
 * type, key pair, subnet, security groups, confirm — pre-filled with the choices remembered for
 * the profile and region, with Back on every step after the first and Escape cancelling before
 * anything is sent. The confirm step shows every choice the launch sends, the remembered ones no
 * step asks for included (public IP, IMDSv2, instance profile); leaving the subnet to EC2 resets
 * the public IP choice to the subnet's default. The launch validates by dry run first, shows
 * progress until the instances run
 * (cancellable: stops waiting only) and ends with the instance ids and their actions.
 */
import * as vscode from 'vscode';
import { createLaunchData, type LaunchData, type LaunchOptions, type LaunchOutcome } from '../../data/launch';
import type { AmiImage } from '../../model/image';
import { imageLabel, plural } from '../../model/format';
import { launchSummary, typeLabel, withSubnet, type KeyPairInfo, type LaunchForm, type SecurityGroupInfo, type SubnetInfo } from '../../model/launch';
import { describeFailure, type Result } from '../../model/result';
import { notificationText, pickText } from '../../model/text';
import { createKeyPairInteractively, launchWithProgress, showLaunchOutcome } from '../../ui/launch';
import { BACK, showStep, type ValueItem } from '../../ui/quickStep';
import { defineCommand } from '../command';
import type { CommandContext } from '../context';
import { CommandError, fromFailure } from '../errors';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';

const TITLE = 'Quick Launch';
const STEPS = 5;

type StepResult = 'next' | 'back' | 'cancel';

/** Labels of the special items, for tests and the confirm step. */
export const QUICK_LAUNCH_ITEMS = {
  noKey: 'No key pair',
  createKey: '$(add) Create key pair…',
  ec2Subnet: 'Let EC2 choose (a default subnet)',
  launch: '$(rocket) Launch',
} as const;

async function loading<T>(title: string, work: (signal: AbortSignal) => Promise<Result<T>>): Promise<T | undefined> {
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    return work(controller.signal).finally(() => sub.dispose());
  });
  if (result.ok) return result.value;
  if (result.error.kind === 'cancelled') return undefined;
  throw fromFailure(result.error);
}

/** The remembered (or current) choice first, the rest in their order. */
function currentFirst<T>(items: ValueItem<T>[], isCurrent: (item: ValueItem<T>) => boolean): ValueItem<T>[] {
  return [...items.filter(isCurrent), ...items.filter((i) => !isCurrent(i))];
}

function subnetDescription(subnet: SubnetInfo): string {
  return [subnet.availabilityZone, subnet.availableIpAddressCount !== undefined ? `${subnet.availableIpAddressCount} free IPs` : undefined, subnet.defaultForAz ? 'default for AZ' : undefined, subnet.cidrBlock]
    .filter((p): p is string => !!p)
    .join(' · ');
}

/** The flow of one run: the form is changed step by step; nothing is sent before the confirm step. */
class QuickLaunchFlow {
  private keyPairs: KeyPairInfo[];
  /** Zone → types offered there (looked up once per zone; absent when it failed). */
  private offerings = new Map<string, Set<string> | undefined>();

  constructor(
    private readonly ctx: CommandContext,
    private readonly data: LaunchData,
    private readonly options: LaunchOptions,
    public form: LaunchForm,
  ) {
    this.keyPairs = [...options.keyPairs];
  }

  private get image(): AmiImage {
    return this.options.image;
  }

  private title(what: string): string {
    return `${TITLE}: ${what} (${pickText(imageLabel(this.image))})`;
  }

  /** Runs the steps; true when the person confirmed. */
  async run(): Promise<boolean> {
    const steps = [() => this.typeStep(), () => this.keyStep(), () => this.subnetStep(), () => this.groupsStep(), () => this.confirmStep()];
    let i = 0;
    while (i < steps.length) {
      const step = steps[i];
      if (!step) break;
      const result = await step();
      if (result === 'cancel') return false;
      i = result === 'back' ? Math.max(0, i - 1) : i + 1;
    }
    return true;
  }

  private async typeStep(): Promise<StepResult> {
    const remembered = this.options.remembered?.instanceType;
    const items = currentFirst(
      this.options.instanceTypes.map(
        (t): ValueItem<string> => ({
          label: typeLabel(t),
          value: t.instanceType,
          ...(t.instanceType === remembered ? { description: 'last used' } : t.instanceType === this.form.instanceType ? { description: 'suggested' } : {}),
        }),
      ),
      (i) => i.value === this.form.instanceType,
    );
    const excluded = this.options.excludedTypes > 0 ? ` (${plural(this.options.excludedTypes, 'type')} that cannot run it left out)` : '';
    const picked = await showStep({ title: this.title('instance type'), step: 1, totalSteps: STEPS, placeholder: `Instance type: type to search${excluded}`, items, active: items.slice(0, 1) });
    if (picked === undefined) return 'cancel';
    if (picked === BACK) return 'back';
    const chosen = picked[0];
    if (chosen) this.form.instanceType = chosen.value;
    return 'next';
  }

  private async keyStep(): Promise<StepResult> {
    for (;;) {
      const CREATE = Symbol('create');
      const keys = currentFirst(
        this.keyPairs.map((k): ValueItem<string | undefined | typeof CREATE> => ({ label: pickText(k.keyName), value: k.keyName, ...(k.keyType ? { description: k.keyType } : {}) })),
        (i) => i.value === this.form.keyName,
      );
      const none: ValueItem<string | undefined | typeof CREATE> = { label: QUICK_LAUNCH_ITEMS.noKey, value: undefined, description: 'SSH will not be possible without another way in' };
      const create: ValueItem<string | undefined | typeof CREATE> = { label: QUICK_LAUNCH_ITEMS.createKey, value: CREATE, description: 'saves the private key to a file you choose' };
      const items = [...keys, none, create];
      const active = this.form.keyName === undefined ? [none] : keys.slice(0, 1);
      const picked = await showStep({ title: this.title('key pair'), step: 2, totalSteps: STEPS, placeholder: 'Key pair for SSH', items, active });
      if (picked === undefined) return 'cancel';
      if (picked === BACK) return 'back';
      const value = picked[0]?.value;
      if (value !== CREATE) {
        if (value === undefined) delete this.form.keyName;
        else this.form.keyName = value;
        return 'next';
      }
      const created = await createKeyPairInteractively(this.ctx.services, this.data, this.image);
      if (!created.ok) {
        this.ctx.services.log.error(`Quick Launch: creating a key pair failed: ${describeFailure(created.error)}`);
        void vscode.window.showErrorMessage(notificationText(`Create Key Pair failed: ${describeFailure(created.error)}`));
        continue; // back to the key step
      }
      if (!created.value) continue; // a dialog was cancelled: nothing was created
      this.keyPairs = [{ keyName: created.value.keyName }, ...this.keyPairs.filter((k) => k.keyName !== created.value?.keyName)];
      this.form.keyName = created.value.keyName;
      return 'next';
    }
  }

  private async offeredIn(zone: string): Promise<Set<string> | undefined> {
    if (!this.offerings.has(zone)) {
      const offered = await this.data.typesOfferedIn(zone);
      this.offerings.set(zone, offered.ok ? new Set(offered.value) : undefined);
    }
    return this.offerings.get(zone);
  }

  private async subnetStep(): Promise<StepResult> {
    const vpc = this.options.vpcs.find((v) => v.vpcId === this.form.vpcId);
    const zones = [...new Set(this.options.subnets.map((s) => s.availabilityZone))];
    const offered = new Map(await Promise.all(zones.map(async (z) => [z, await this.offeredIn(z)] as const)));
    const type = this.form.instanceType;
    const subnets = currentFirst(
      this.options.subnets.map((s): ValueItem<string | undefined> => {
        const notOffered = offered.get(s.availabilityZone)?.has(type) === false;
        return {
          label: `${notOffered ? '$(warning) ' : ''}${s.subnetId}${s.name ? ` ${pickText(s.name)}` : ''}`,
          value: s.subnetId,
          description: subnetDescription(s),
          ...(notOffered ? { detail: `${type} is not offered in ${s.availabilityZone}` } : {}),
        };
      }),
      (i) => i.value === this.form.subnetId,
    );
    const ec2Choice: ValueItem<string | undefined>[] = vpc?.isDefault ? [{ label: QUICK_LAUNCH_ITEMS.ec2Subnet, value: undefined, description: `default VPC ${vpc.vpcId}` }] : [];
    // The remembered subnet first; else EC2's own choice (the default VPC).
    const remembered = subnets.filter((i) => i.value !== undefined && i.value === this.form.subnetId);
    const items = [...remembered, ...ec2Choice, ...subnets.filter((i) => !remembered.includes(i))];
    if (items.length === 0) throw new CommandError(`There is no subnet to launch into in ${this.data.ref.region}.`, 'Create a VPC with a subnet (or a default VPC) first.');
    const active = this.form.subnetId === undefined ? items.slice(0, 1) : items.filter((i) => i.value === this.form.subnetId);
    const picked = await showStep({ title: this.title('subnet'), step: 3, totalSteps: STEPS, placeholder: `Subnet${vpc ? ` of ${vpc.vpcId}${vpc.name ? ` (${pickText(vpc.name)})` : ''}` : ''}`, items, active });
    if (picked === undefined) return 'cancel';
    if (picked === BACK) return 'back';
    const value = picked[0]?.value;
    // Without a subnet, a remembered public IP on/off goes back to the subnet's default (withSubnet).
    this.form = withSubnet(this.form, value);
    const chosen = this.options.subnets.find((s) => s.subnetId === value);
    if (chosen && offered.get(chosen.availabilityZone)?.has(type) === false) {
      void vscode.window.showWarningMessage(notificationText(`${type} is not offered in ${chosen.availabilityZone}: the dry run will likely refuse it. Go back to pick another type or subnet.`));
    }
    return 'next';
  }

  private async groupsStep(): Promise<StepResult> {
    const items = this.options.securityGroups.map(
      (g: SecurityGroupInfo): ValueItem<string> => ({ label: `${pickText(g.groupName)}`, value: g.groupId, description: g.groupId, ...(g.description ? { detail: pickText(g.description) } : {}) }),
    );
    const active = items.filter((i) => this.form.securityGroupIds.includes(i.value));
    const picked = await showStep({ title: this.title('security groups'), step: 4, totalSteps: STEPS, placeholder: 'Security groups (none ticked: the VPC’s default group)', items, active, canPickMany: true });
    if (picked === undefined) return 'cancel';
    if (picked === BACK) return 'back';
    this.form.securityGroupIds = picked.map((i) => i.value);
    return 'next';
  }

  private async confirmStep(): Promise<StepResult> {
    const lines = launchSummary(this.form, { subnets: this.options.subnets, securityGroups: this.options.securityGroups, keyPairs: this.keyPairs });
    const launch: ValueItem<boolean> = { label: QUICK_LAUNCH_ITEMS.launch, value: true, description: pickText(lines.join(' · ')), detail: `from ${pickText(imageLabel(this.image))} (${this.image.imageId}) in ${this.data.ref.region}; validated by a dry run first` };
    const picked = await showStep({ title: this.title('confirm'), step: 5, totalSteps: STEPS, placeholder: 'Enter launches; Back changes a choice; Escape cancels (nothing is sent)', items: [launch], active: [launch] });
    if (picked === undefined) return 'cancel';
    if (picked === BACK) return 'back';
    return 'next';
  }
}

export default defineCommand({
  id: COMMAND_IDS.quickLaunch,
  title: 'Quick Launch',
  async run(ctx, node?: unknown): Promise<LaunchOutcome | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Quick Launch…' });
    if (!target) return undefined;
    const data = createLaunchData(ctx.services, target.ref);
    const options = await loading(`Reading launch options for ${target.ref.imageId}…`, (signal) => data.loadOptions(signal));
    if (!options) return undefined;
    if (options.image.state !== 'available') throw new CommandError(`${target.ref.imageId} is ${options.image.state}: only available images can be launched.`);
    if (options.instanceTypes.length === 0) {
      throw new CommandError(`No instance type in ${target.ref.region} can run ${target.ref.imageId} (${options.image.architecture ?? 'unknown architecture'}); ${plural(options.excludedTypes, 'type')} left out.`);
    }
    const flow = new QuickLaunchFlow(ctx, data, options, { ...options.form, securityGroupIds: [...options.form.securityGroupIds], tags: [...options.form.tags], volumes: options.form.volumes.map((v) => ({ ...v })) });
    if (!(await flow.run())) return undefined;
    const outcome = await launchWithProgress(data, flow.form);
    await showLaunchOutcome(ctx.services, data, options.image, flow.form, outcome);
    return outcome;
  },
});
