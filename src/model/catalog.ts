/**
 * The AMI catalog (issue #11), pure: the exact list of AWS's public SSM parameters the Quick start
 * resolves, its grouping for the panel, the `resolve:ssm:` text, the join of what SSM and EC2
 * answered into one row per entry, the publisher marks of public images, and the check of a
 * Marketplace / Community search form. No vscode, no SDK (type-only imports).
 */
import type { AmiImage } from './image';

export type CatalogArchitecture = 'x86_64' | 'arm64';

/** One Quick start entry: a public SSM parameter whose value is the latest image of a distribution. */
export interface QuickStartEntry {
  /** The distribution, as the panel groups it ("Amazon Linux 2023", "Ubuntu Server", …). */
  distribution: string;
  /** The version label within it ("24.04 LTS", "2022 Full", …). */
  version: string;
  architecture: CatalogArchitecture;
  /** The SSM parameter's full name (always under /aws/service/). */
  parameter: string;
}

function entry(distribution: string, version: string, architecture: CatalogArchitecture, parameter: string): QuickStartEntry {
  return { distribution, version, architecture, parameter };
}

/**
 * The Quick start list, in the order the panel shows it. Every name was checked against published
 * sources (see each family's comment); Ubuntu and Debian name the architectures amd64/arm64, EC2
 * and Amazon Linux x86_64/arm64. There is no Windows Server for arm64.
 */
export const QUICK_START: readonly QuickStartEntry[] = [
  // Amazon Linux: /aws/service/ami-amazon-linux-latest/<name>. AL2023: al2023-ami-kernel-default-<x86_64|arm64>
  // (the AWS CDK's AmazonLinux2023ImageSsmParameter builds this name:
  // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.AmazonLinux2023ImageSsmParameter.html;
  // the AL2023 user guide, https://docs.aws.amazon.com/linux/al2023/ug/ec2.html, names it too).
  // AL2: amzn2-ami-hvm-<x86_64|arm64>-gp2, as `aws ssm get-parameters-by-path --path
  // /aws/service/ami-amazon-linux-latest` lists them (https://gliptak.github.io/post/aws_ssm_ami/).
  entry('Amazon Linux 2023', '2023', 'x86_64', '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'),
  entry('Amazon Linux 2023', '2023', 'arm64', '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64'),
  entry('Amazon Linux 2', '2', 'x86_64', '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2'),
  entry('Amazon Linux 2', '2', 'arm64', '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2'),
  // Ubuntu (Canonical): /aws/service/canonical/ubuntu/<product>/<release>/stable/current/<amd64|arm64>/hvm/<volume>/ami-id
  // ("Finding Ubuntu images with the AWS SSM parameter store":
  // https://discourse.ubuntu.com/t/finding-ubuntu-images-with-the-aws-ssm-parameter-store/15507).
  // 24.04 publishes ebs-gp3, 22.04 ebs-gp2.
  entry('Ubuntu Server', '24.04 LTS', 'x86_64', '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id'),
  entry('Ubuntu Server', '24.04 LTS', 'arm64', '/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id'),
  entry('Ubuntu Server', '22.04 LTS', 'x86_64', '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id'),
  entry('Ubuntu Server', '22.04 LTS', 'arm64', '/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id'),
  // Debian (the Debian cloud team, account 136693071363): /aws/service/debian/release/<major>/latest/<amd64|arm64>
  // (Debian wiki, https://wiki.debian.org/Cloud/AmazonEC2Image; the same names in many public templates).
  entry('Debian', '13 (trixie)', 'x86_64', '/aws/service/debian/release/13/latest/amd64'),
  entry('Debian', '13 (trixie)', 'arm64', '/aws/service/debian/release/13/latest/arm64'),
  entry('Debian', '12 (bookworm)', 'x86_64', '/aws/service/debian/release/12/latest/amd64'),
  entry('Debian', '12 (bookworm)', 'arm64', '/aws/service/debian/release/12/latest/arm64'),
  // Windows Server: /aws/service/ami-windows-latest/<AMI name without its date>, x86_64 only (the
  // scheme as AWS documents it for Windows_Server-2025-English-…:
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_windows_AMI.html,
  // and https://aws.amazon.com/blogs/mt/query-for-the-latest-windows-ami-using-systems-manager-parameter-store/).
  entry('Windows Server', '2025 Full', 'x86_64', '/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-Base'),
  entry('Windows Server', '2022 Full', 'x86_64', '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base'),
  entry('Windows Server', '2022 Core', 'x86_64', '/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-Base'),
  entry('Windows Server', '2019 Full', 'x86_64', '/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-Base'),
];

/** The parameter names of the Quick start, in order. */
export function quickStartParameters(entries: readonly QuickStartEntry[] = QUICK_START): string[] {
  return entries.map((e) => e.parameter);
}

/** Whether `name` is one of the Quick start's parameters (the host copies only those). */
export function isQuickStartParameter(name: string): boolean {
  return QUICK_START.some((e) => e.parameter === name);
}

/** What a template writes to use the parameter instead of an image id. */
export function resolveSsmText(parameter: string): string {
  return `resolve:ssm:${parameter}`;
}

/** The tooltip of "Copy Parameter Name". */
export function parameterTooltip(parameter: string): string {
  return `Copies ${parameter}. Templates and the CLI can name the parameter instead of an image id: ${resolveSsmText(parameter)} (EC2 resolves it to the latest image when it launches).`;
}

/** The groups of the Quick start, in the order of their first entry; entries keep their order. */
export function groupByDistribution<T extends Pick<QuickStartEntry, 'distribution'>>(entries: readonly T[]): { distribution: string; entries: T[] }[] {
  const groups: { distribution: string; entries: T[] }[] = [];
  for (const e of entries) {
    const group = groups.find((g) => g.distribution === e.distribution);
    if (group) group.entries.push(e);
    else groups.push({ distribution: e.distribution, entries: [e] });
  }
  return groups;
}

// ---- publishers and marks ----

/**
 * Account ids of well-known publishers that are not AWS-verified providers: named in the panel so
 * a person knows whose image it is, but still community images in the console's sense.
 */
export const KNOWN_PUBLISHERS: Readonly<Record<string, string>> = {
  '099720109477': 'Canonical',
  '136693071363': 'Debian',
};

export interface PublisherMark {
  /** `verified`: Amazon or AWS Marketplace owns the image; `community`: any other owner. */
  kind: 'verified' | 'community';
  /** The short text shown next to the icon ("Verified provider", "Community"). */
  label: string;
  /** Who publishes it, in words ("Amazon", "AWS Marketplace", "Canonical (099720109477)", "account 123…"). */
  publisher: string;
  /** The full explanation (tooltip). */
  detail: string;
}

/**
 * The mark of a public image. EC2 says who owns an image (owner id, and the alias `amazon` or
 * `aws-marketplace` for AWS's own accounts) and nothing else about trust, so: Amazon and
 * Marketplace owners are verified providers; every other owner is a community publisher with a
 * warning, even a well-known one (Canonical, Debian): its name comes from our own list of account
 * ids, not from AWS, and the console shows such images as community AMIs too.
 */
export function publisherMark(ownerId: string | undefined, ownerAlias: string | undefined): PublisherMark {
  if (ownerAlias === 'amazon') {
    return { kind: 'verified', label: 'Verified provider', publisher: 'Amazon', detail: 'Verified provider: owned by Amazon (owner alias "amazon").' };
  }
  if (ownerAlias === 'aws-marketplace') {
    return { kind: 'verified', label: 'Verified provider', publisher: 'AWS Marketplace', detail: 'Verified provider: an AWS Marketplace product (owner alias "aws-marketplace").' };
  }
  const known = ownerId ? KNOWN_PUBLISHERS[ownerId] : undefined;
  if (known && ownerId) {
    return {
      kind: 'community',
      label: 'Community',
      publisher: `${known} (${ownerId})`,
      detail: `Community image from account ${ownerId}, ${known}'s publishing account. AWS does not verify community publishers: check the owner before launching.`,
    };
  }
  const who = ownerId ? `account ${ownerId}` : 'an unknown account';
  return { kind: 'community', label: 'Community', publisher: who, detail: `Community image, unknown publisher (${who}). AWS does not verify community publishers: check the owner before launching.` };
}

// ---- images as the catalog shows them ----

/** What the catalog shows of one image; texts are the image's own (hostile), rendered as text. */
export interface CatalogImage {
  imageId: string;
  name?: string;
  description?: string;
  creationDate?: string;
  ownerId?: string;
  ownerAlias?: string;
  architecture?: string;
  platform?: string;
  state: string;
  mark: PublisherMark;
}

export function catalogImage(image: AmiImage): CatalogImage {
  return {
    imageId: image.imageId,
    ...(image.name !== undefined ? { name: image.name } : {}),
    ...(image.description !== undefined ? { description: image.description } : {}),
    ...(image.creationDate !== undefined ? { creationDate: image.creationDate } : {}),
    ...(image.ownerId !== undefined ? { ownerId: image.ownerId } : {}),
    ...(image.ownerAlias !== undefined ? { ownerAlias: image.ownerAlias } : {}),
    ...(image.architecture !== undefined ? { architecture: image.architecture } : {}),
    ...(image.platform !== undefined ? { platform: image.platform } : {}),
    state: image.state,
    mark: publisherMark(image.ownerId, image.ownerAlias),
  };
}

// ---- the Quick start, resolved ----

export type QuickStartStatus =
  /** The parameter's image, as EC2 described it. */
  | { kind: 'found'; image: CatalogImage }
  /** SSM does not know the parameter in this region (GetParameters listed it as invalid). */
  | { kind: 'notPublished' }
  /** The parameter names an image EC2 does not show (deregistered, or hidden: Allowed AMIs enabled and the image not allowed). */
  | { kind: 'notVisible'; imageId: string }
  /** The parameter's value is not an image id. */
  | { kind: 'badValue'; value: string };

export type QuickStartRow = QuickStartEntry & { status: QuickStartStatus };

const IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;

/**
 * One row per entry, from what SSM answered (parameters found, names invalid) and the images EC2
 * described for the parameters' values. A name SSM answered neither way is treated as not
 * published (SSM lists every name it does not know as invalid).
 */
export function joinQuickStart(
  entries: readonly QuickStartEntry[],
  parameters: readonly { name: string; value: string }[],
  images: readonly AmiImage[],
): QuickStartRow[] {
  const values = new Map(parameters.map((p) => [p.name, p.value.trim()]));
  const byId = new Map(images.map((i) => [i.imageId, i]));
  return entries.map((e): QuickStartRow => {
    const value = values.get(e.parameter);
    if (value === undefined) return { ...e, status: { kind: 'notPublished' } };
    if (!IMAGE_ID.test(value)) return { ...e, status: { kind: 'badValue', value } };
    const image = byId.get(value);
    return { ...e, status: image ? { kind: 'found', image: catalogImage(image) } : { kind: 'notVisible', imageId: value } };
  });
}

/** The distinct image ids the parameters name (what DescribeImages is asked for). */
export function parameterImageIds(parameters: readonly { value: string }[]): string[] {
  return [...new Set(parameters.map((p) => p.value.trim()).filter((v) => IMAGE_ID.test(v)))];
}

/** The text of a row that has no image. */
export function quickStartStatusText(status: QuickStartStatus, region: string): string | undefined {
  switch (status.kind) {
    case 'found':
      return undefined;
    case 'notPublished':
      return `Not published in ${region}.`;
    case 'notVisible':
      return `The parameter names ${status.imageId}, which EC2 does not show in ${region} (deregistered, or hidden by the account's Allowed AMIs settings).`;
    case 'badValue':
      return 'The parameter does not name an image.';
  }
}

/** A one-line summary of a resolved Quick start ("14 of 16 images found; 2 not published in …"). */
export function quickStartSummary(rows: readonly QuickStartRow[], region: string): string {
  const found = rows.filter((r) => r.status.kind === 'found').length;
  const notPublished = rows.filter((r) => r.status.kind === 'notPublished').length;
  const other = rows.length - found - notPublished;
  const parts = [`${found} of ${rows.length} images found in ${region}`];
  if (notPublished) parts.push(`${notPublished} not published there`);
  if (other) parts.push(`${other} not visible`);
  return `${parts.join('; ')}.`;
}

// ---- the Marketplace / Community search form ----

export type CatalogSearchSource = 'marketplace' | 'community';

export const SEARCH_ARCHITECTURES = ['x86_64', 'arm64', 'i386', 'x86_64_mac', 'arm64_mac'] as const;
export type SearchArchitecture = (typeof SEARCH_ARCHITECTURES)[number];

/** The form as the page sends it. */
export interface SearchForm {
  source: CatalogSearchSource;
  namePattern: string;
  /** Community only: a 12-digit account id; empty = any. */
  owner: string;
  /** Empty = any. */
  architecture: string;
}

export interface CheckedSearch {
  source: CatalogSearchSource;
  namePattern: string;
  owner?: string;
  architecture?: SearchArchitecture;
}

/** Longest name pattern accepted (EC2 names are at most 128 characters). */
export const MAX_NAME_PATTERN = 128;

const OWNER_ID = /^\d{12}$/;
const OWNER_ALIASES = ['amazon', 'aws-marketplace'];

/**
 * The form, checked: the name pattern is required (there are hundreds of thousands of public
 * images), one line, at most 128 characters, and not only wildcards; the owner (Community only) a
 * 12-digit account id (Amazon's and Marketplace's aliases name no community images); the
 * architecture one EC2 knows. A failure says which field and why.
 */
export function checkSearch(form: SearchForm): { ok: true; query: CheckedSearch } | { ok: false; field: 'namePattern' | 'owner' | 'architecture'; message: string } {
  const namePattern = form.namePattern.trim();
  if (!namePattern) return { ok: false, field: 'namePattern', message: 'Enter a name pattern, e.g. ubuntu*24.04* (there are hundreds of thousands of public images).' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(namePattern)) return { ok: false, field: 'namePattern', message: 'The name pattern must be one line of text.' };
  if (namePattern.length > MAX_NAME_PATTERN) return { ok: false, field: 'namePattern', message: `The name pattern is longer than ${MAX_NAME_PATTERN} characters.` };
  if (/^[*?\s]+$/.test(namePattern)) return { ok: false, field: 'namePattern', message: 'The name pattern needs at least one character besides * and ?.' };
  const owner = form.owner.trim();
  if (owner && form.source !== 'community') return { ok: false, field: 'owner', message: 'Marketplace searches have no owner field.' };
  if (owner && OWNER_ALIASES.includes(owner)) {
    return { ok: false, field: 'owner', message: 'Images of Amazon and AWS Marketplace are not community images: use the Quick start or the AWS Marketplace tab.' };
  }
  if (owner && !OWNER_ID.test(owner)) return { ok: false, field: 'owner', message: 'The owner is a 12-digit account id.' };
  const architecture = form.architecture.trim();
  if (architecture && !(SEARCH_ARCHITECTURES as readonly string[]).includes(architecture)) {
    return { ok: false, field: 'architecture', message: `Unknown architecture: choose one of ${SEARCH_ARCHITECTURES.join(', ')}.` };
  }
  return {
    ok: true,
    query: {
      source: form.source,
      namePattern,
      ...(owner ? { owner } : {}),
      ...(architecture ? { architecture: architecture as SearchArchitecture } : {}),
    },
  };
}

/** "No images match …" for an empty first page. */
export function noResultsText(query: CheckedSearch, region: string): string {
  const where = query.source === 'marketplace' ? 'AWS Marketplace images' : 'community images';
  const filters = [query.owner ? `owner ${query.owner}` : '', query.architecture ? query.architecture : ''].filter((x) => x);
  return `No ${where} named like "${query.namePattern}"${filters.length ? ` (${filters.join(', ')})` : ''} in ${region}.`;
}

/** The tab title of the catalog panel. */
export function catalogTitle(region: string | undefined): string {
  return region ? `AMI Catalog: ${region}` : 'AMI Catalog';
}
