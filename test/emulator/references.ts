/**
 * What refers to images besides instances: launch templates (per version), SSM parameters and
 * Image Builder recipes, kept per account and region, and the references DescribeImageReferences
 * reports (instances come from the store's instances). EC2 looks at instances in any state but
 * terminated, and at the latest 20 versions of each launch template by default.
 */
import type { EmuImageRecipe, EmuImageReference, EmuInstance, EmuLaunchTemplate, EmuSsmParameter } from './types';

/** How many of a launch template's latest versions are checked (EC2's default version-depth). */
export const LAUNCH_TEMPLATE_VERSION_DEPTH = 20;

export class ReferenceStore {
  private readonly templates: EmuLaunchTemplate[] = [];
  private readonly parameters: EmuSsmParameter[] = [];
  private readonly recipes: EmuImageRecipe[] = [];

  addLaunchTemplate(template: EmuLaunchTemplate): void {
    this.templates.push(template);
  }

  addSsmParameter(parameter: EmuSsmParameter): void {
    const i = this.parameters.findIndex((p) => p.name === parameter.name && p.ownerId === parameter.ownerId && p.region === parameter.region);
    if (i >= 0) this.parameters.splice(i, 1, parameter);
    else this.parameters.push(parameter);
  }

  addImageRecipe(recipe: EmuImageRecipe): void {
    this.recipes.push(recipe);
  }

  launchTemplates(region: string, account: string): EmuLaunchTemplate[] {
    return this.templates.filter((t) => t.region === region && t.ownerId === account);
  }

  ssmParameters(region: string, account: string): EmuSsmParameter[] {
    return this.parameters.filter((p) => p.region === region && p.ownerId === account);
  }

  /** Removes every launch template, parameter and recipe (tests start from a known state). */
  clear(): void {
    this.templates.length = 0;
    this.parameters.length = 0;
    this.recipes.length = 0;
  }

  /**
   * The account's references to `imageId` in `region`, in EC2's type order: instances (not
   * terminated, given with their state), launch templates, SSM parameters, image recipes,
   * container recipes.
   */
  referencesTo(region: string, account: string, imageId: string, instances: readonly { instance: EmuInstance; state: string }[]): EmuImageReference[] {
    const arn = (service: string, resource: string): string => `arn:aws:${service}:${region}:${account}:${resource}`;
    const out: EmuImageReference[] = [];
    for (const { instance, state } of instances) {
      if (instance.ownerId !== account || instance.region !== region || instance.imageId !== imageId || state === 'terminated') continue;
      out.push({ imageId, resourceType: 'ec2:Instance', arn: arn('ec2', `instance/${instance.instanceId}`) });
    }
    for (const t of this.launchTemplates(region, account)) {
      const latest = [...t.versions].sort((a, b) => b.versionNumber - a.versionNumber).slice(0, LAUNCH_TEMPLATE_VERSION_DEPTH);
      if (latest.some((v) => v.imageId === imageId)) out.push({ imageId, resourceType: 'ec2:LaunchTemplate', arn: arn('ec2', `launch-template/${t.launchTemplateId}`) });
    }
    for (const p of this.ssmParameters(region, account)) {
      if (p.value !== imageId) continue;
      // An SSM parameter ARN names the parameter without its leading slash: …:parameter/golden/web.
      out.push({ imageId, resourceType: 'ssm:Parameter', arn: arn('ssm', `parameter/${p.name.replace(/^\//, '')}`) });
    }
    for (const kind of ['image', 'container'] as const) {
      for (const r of this.recipes) {
        if (r.kind !== kind || r.region !== region || r.ownerId !== account || r.parentImage !== imageId) continue;
        out.push({
          imageId,
          resourceType: kind === 'image' ? 'imagebuilder:ImageRecipe' : 'imagebuilder:ContainerRecipe',
          arn: arn('imagebuilder', `${kind}-recipe/${r.name}/${r.version}`),
        });
      }
    }
    return out;
  }
}
