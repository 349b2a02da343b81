/**
 * What refers to an image, as DescribeImageReferences reports it (this account and region only):
 * instances, launch templates, SSM parameters and Image Builder recipes. Parsing of the ARNs EC2
 * returns, labels, console links and the lines a confirmation lists. Pure: no vscode, no SDK.
 */
import { consoleHost, isRegionName } from './format';

/** EC2's resource types (ImageReferenceResourceType). */
export const REFERENCE_TYPES = ['ec2:Instance', 'ec2:LaunchTemplate', 'ssm:Parameter', 'imagebuilder:ImageRecipe', 'imagebuilder:ContainerRecipe'] as const;
export type ReferenceType = (typeof REFERENCE_TYPES)[number];

export interface ImageReferenceInfo {
  /** The image referred to. */
  readonly imageId: string;
  /** EC2's resource type; a type EC2 adds later is kept as it came. */
  readonly resourceType: ReferenceType | string;
  /** The referring resource's ARN, as EC2 returned it. */
  readonly arn: string;
}

/** One reference parsed for display: what kind, its id or name, and where it lives. */
export interface ReferenceDisplay {
  /** "instance", "launch template", "SSM parameter", "image recipe", "container recipe" or the raw type. */
  readonly kindLabel: string;
  /** i-…, lt-…, the parameter name (with its leading /), "name/version" of a recipe, else the ARN. */
  readonly id: string;
  /** Region of the ARN when it names one. */
  readonly region?: string;
}

const KIND_LABELS: Record<ReferenceType, [string, string]> = {
  'ec2:Instance': ['instance', 'instances'],
  'ec2:LaunchTemplate': ['launch template', 'launch templates'],
  'ssm:Parameter': ['SSM parameter', 'SSM parameters'],
  'imagebuilder:ImageRecipe': ['image recipe', 'image recipes'],
  'imagebuilder:ContainerRecipe': ['container recipe', 'container recipes'],
};

function isKnownType(type: string): type is ReferenceType {
  return (REFERENCE_TYPES as readonly string[]).includes(type);
}

/**
 * Splits an ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` (RESOURCE may hold colons and
 * slashes). Undefined when it is not one.
 */
export function parseArn(arn: string): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** What a person reads for one reference. */
export function displayReference(ref: ImageReferenceInfo): ReferenceDisplay {
  const kindLabel = isKnownType(ref.resourceType) ? KIND_LABELS[ref.resourceType][0] : ref.resourceType;
  const arn = parseArn(ref.arn);
  if (!arn) return { kindLabel, id: ref.arn };
  const region = isRegionName(arn.region) ? { region: arn.region } : {};
  const resource = arn.resource;
  const slash = resource.indexOf('/');
  const afterType = slash >= 0 ? resource.slice(slash + 1) : resource;
  switch (ref.resourceType) {
    case 'ec2:Instance':
    case 'ec2:LaunchTemplate':
      return { kindLabel, id: afterType.split('/')[0] ?? afterType, ...region };
    case 'ssm:Parameter':
      // arn:…:parameter/a/b names "/a/b"; a parameter without a path (arn:…:parameter/name) is "name".
      return { kindLabel, id: afterType.includes('/') ? `/${afterType}` : afterType, ...region };
    default:
      return { kindLabel, id: afterType || ref.arn, ...region };
  }
}

/** "2 instances, 1 launch template and 1 SSM parameter"; "nothing" for none. Types in EC2's order. */
export function summarizeReferences(refs: readonly ImageReferenceInfo[]): string {
  if (refs.length === 0) return 'nothing';
  const counts = new Map<string, number>();
  for (const r of refs) counts.set(r.resourceType, (counts.get(r.resourceType) ?? 0) + 1);
  const order = [...REFERENCE_TYPES, ...[...counts.keys()].filter((t) => !isKnownType(t)).sort()];
  const parts = order
    .filter((t) => counts.has(t))
    .map((t) => {
      const n = counts.get(t) ?? 0;
      if (!isKnownType(t)) return `${n} ${t}`;
      const [one, many] = KIND_LABELS[t];
      return `${n} ${n === 1 ? one : many}`;
    });
  return parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

/**
 * The lines a confirmation lists: "instance i-0abc", "launch template lt-0abc"…, at most `max`,
 * then "… and N more". Ids come from EC2 but names (SSM parameters, recipes) are chosen by people:
 * callers show them as plain text.
 */
export function referenceLines(refs: readonly ImageReferenceInfo[], max = 8): string[] {
  const lines = refs.slice(0, max).map((r) => {
    const d = displayReference(r);
    return `${d.kindLabel} ${d.id}`;
  });
  if (refs.length > max) lines.push(`… and ${refs.length - max} more`);
  return lines;
}

/**
 * The warning a destructive confirmation carries when the image is still referenced, e.g.
 * "ami-1 is still used by 2 instances and 1 launch template in us-east-1:" followed by the lines;
 * undefined when nothing refers to it.
 */
export function referencesWarning(imageId: string, region: string, refs: readonly ImageReferenceInfo[], max = 8): string | undefined {
  if (refs.length === 0) return undefined;
  return [`${imageId} is still used by ${summarizeReferences(refs)} in ${region}:`, ...referenceLines(refs, max).map((l) => `• ${l}`)].join('\n');
}

/** The console page of a referring instance or launch template (partition aware); undefined for other kinds or ids that are not well-formed. */
export function referenceConsoleUrl(ref: ImageReferenceInfo, fallbackRegion: string): string | undefined {
  const d = displayReference(ref);
  const region = d.region ?? fallbackRegion;
  if (!isRegionName(region)) return undefined;
  const base = `https://${consoleHost(region)}/ec2/home?region=${encodeURIComponent(region)}`;
  if (ref.resourceType === 'ec2:Instance' && /^i-[0-9a-f]{8,17}$/.test(d.id)) return `${base}#InstanceDetails:instanceId=${encodeURIComponent(d.id)}`;
  if (ref.resourceType === 'ec2:LaunchTemplate' && /^lt-[0-9a-f]{8,17}$/.test(d.id)) return `${base}#LaunchTemplateDetails:launchTemplateId=${encodeURIComponent(d.id)}`;
  if (ref.resourceType === 'ssm:Parameter') {
    const host = region.startsWith('cn-') || region.startsWith('us-gov-') ? consoleHost(region) : 'console.aws.amazon.com';
    return `https://${host}/systems-manager/parameters/${encodeURIComponent(d.id.replace(/^\//, ''))}/description?region=${encodeURIComponent(region)}`;
  }
  return undefined;
}
