/**
 * catalog (issue #11): AWS's public SSM parameters for the catalog's quick start, and the public
 * images they point at, in every generated region.
 *
 * Each parameter (CATALOG_PARAMETERS) has a family of images: owner, name shape and architecture.
 * The images already seeded are reused (Amazon Linux from the data file, Ubuntu 24.04 and Windows
 * Server 2022 / 2019 from addExtraPublicImages); a family with no current image gets one, and every
 * family gets two older ones (the older of them deprecated), so "latest" means something. The
 * parameter's value is then the newest available, public, not deprecated image of its family.
 *
 * One gap on purpose (CATALOG_GAPS): Debian 13 for arm64 is not published in ap-southeast-2, so
 * "not published in this region" (GetParameters' InvalidParameters) can be tested.
 *
 * Everything here comes from its own PRNG (`catalog:<region>`), so the seeds made before stay the
 * same. Like the data file's public images, AWS's public images and parameters do not depend on the
 * seed: the PRNG is forked from a fixed one (CATALOG_SEED), whatever the emulator's seed.
 */
import { AMAZON_WINDOWS_ACCOUNT, CANONICAL_ACCOUNT } from './accounts';
import { Prng } from './prng';
import type { EmulatorStore } from './store';
import type { EmuImage } from './types';

const DAY = 86_400_000;
/** The catalog's PRNG seed: public images are the same whatever the emulator's seed. */
const CATALOG_SEED = 11;
export const AMAZON_ACCOUNT = '137112412989';
export const DEBIAN_ACCOUNT = '136693071363';

type Arch = 'x86_64' | 'arm64';

/** One quick-start parameter and the images it may point at. */
export interface CatalogFamily {
  parameter: string;
  owner: string;
  alias?: string;
  architecture: Arch;
  os: 'linux' | 'windows';
  /** Names of this family's images. */
  pattern: RegExp;
  /** The name of a generated image created at `ms`. */
  nameAt(ms: number): string;
  description: string;
  dataType: 'aws:ec2:image' | 'text';
  rootDevice: string;
}

function ymd(ms: number, sep = ''): string {
  const d = new Date(ms);
  return [d.getUTCFullYear(), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0')].join(sep);
}

const DEB: Record<Arch, string> = { x86_64: 'amd64', arm64: 'arm64' };
const ARCHES: Arch[] = ['x86_64', 'arm64'];

function families(): CatalogFamily[] {
  const out: CatalogFamily[] = [];
  for (const arch of ARCHES) {
    out.push({
      parameter: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`,
      owner: AMAZON_ACCOUNT,
      alias: 'amazon',
      architecture: arch,
      os: 'linux',
      // The default kernel of AL2023 is 6.1 (the parameter's name leaves it out).
      pattern: new RegExp(`^al2023-ami-2023\\.\\d+\\.\\d{8}\\.\\d+-kernel-6\\.1-${arch}$`),
      nameAt: (ms) => `al2023-ami-2023.${new Date(ms).getUTCMonth() < 6 ? 8 : 10}.${ymd(ms)}.0-kernel-6.1-${arch}`,
      description: `Amazon Linux 2023 AMI 2023 ${arch} HVM kernel-6.1`,
      dataType: 'text',
      rootDevice: '/dev/xvda',
    });
  }
  for (const arch of ARCHES) {
    out.push({
      parameter: `/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-${arch}-gp2`,
      owner: AMAZON_ACCOUNT,
      alias: 'amazon',
      architecture: arch,
      os: 'linux',
      pattern: new RegExp(`^amzn2-ami-hvm-2\\.0\\.\\d{8}\\.\\d+-${arch}-gp2$`),
      nameAt: (ms) => `amzn2-ami-hvm-2.0.${ymd(ms)}.0-${arch}-gp2`,
      description: `Amazon Linux 2 AMI 2.0 ${arch} HVM gp2`,
      dataType: 'text',
      rootDevice: '/dev/xvda',
    });
  }
  const ubuntu = [
    { release: '24.04', code: 'noble', disk: 'hvm-ssd-gp3', volume: 'ebs-gp3' },
    { release: '22.04', code: 'jammy', disk: 'hvm-ssd', volume: 'ebs-gp2' },
  ];
  for (const u of ubuntu) {
    for (const arch of ARCHES) {
      const a = DEB[arch];
      out.push({
        parameter: `/aws/service/canonical/ubuntu/server/${u.release}/stable/current/${a}/hvm/${u.volume}/ami-id`,
        owner: CANONICAL_ACCOUNT,
        architecture: arch,
        os: 'linux',
        pattern: new RegExp(`^ubuntu/images/${u.disk}/ubuntu-${u.code}-${u.release.replace('.', '\\.')}-${a}-server-\\d{8}(\\.\\d+)?$`),
        nameAt: (ms) => `ubuntu/images/${u.disk}/ubuntu-${u.code}-${u.release}-${a}-server-${ymd(ms)}`,
        description: `Canonical, Ubuntu, ${u.release}, ${a} ${u.code} image`,
        dataType: 'aws:ec2:image',
        rootDevice: '/dev/sda1',
      });
    }
  }
  for (const release of ['12', '13']) {
    for (const arch of ARCHES) {
      const a = DEB[arch];
      out.push({
        parameter: `/aws/service/debian/release/${release}/latest/${a}`,
        owner: DEBIAN_ACCOUNT,
        architecture: arch,
        os: 'linux',
        pattern: new RegExp(`^debian-${release}-${a}-\\d{8}-\\d+$`),
        nameAt: (ms) => `debian-${release}-${a}-${ymd(ms)}-${1000 + (Math.floor(ms / 60_000) % 1400)}`,
        description: `Debian ${release} (${a})`,
        dataType: 'aws:ec2:image',
        rootDevice: '/dev/xvda',
      });
    }
  }
  const windows = [
    ['2025', 'Full'],
    ['2022', 'Full'],
    ['2019', 'Full'],
    ['2022', 'Core'],
  ] as const;
  for (const [version, edition] of windows) {
    out.push({
      parameter: `/aws/service/ami-windows-latest/Windows_Server-${version}-English-${edition}-Base`,
      owner: AMAZON_WINDOWS_ACCOUNT,
      alias: 'amazon',
      architecture: 'x86_64',
      os: 'windows',
      pattern: new RegExp(`^Windows_Server-${version}-English-${edition}-Base-\\d{4}\\.\\d{2}\\.\\d{2}$`),
      nameAt: (ms) => `Windows_Server-${version}-English-${edition}-Base-${ymd(ms, '.')}`,
      description: `Microsoft Windows Server ${version} ${edition === 'Full' ? 'Full' : 'Core'} Locale English AMI provided by Amazon`,
      dataType: 'text',
      rootDevice: '/dev/sda1',
    });
  }
  return out;
}

/** The quick-start parameters the emulator publishes (the canonical list), in that order. */
export const CATALOG_FAMILIES: readonly CatalogFamily[] = families();
export const CATALOG_PARAMETERS: readonly string[] = CATALOG_FAMILIES.map((f) => f.parameter);

/** Parameters deliberately not published in a region ("not published in this region"). */
export const CATALOG_GAPS: readonly { region: string; parameter: string }[] = [{ region: 'ap-southeast-2', parameter: '/aws/service/debian/release/13/latest/arm64' }];

function isGap(region: string, parameter: string): boolean {
  return CATALOG_GAPS.some((g) => g.region === region && g.parameter === parameter);
}

/** True when the image belongs to the family (owner, name shape, architecture) and is public. */
export function inFamily(image: EmuImage, family: CatalogFamily): boolean {
  return image.ownerId === family.owner && image.architecture === family.architecture && family.pattern.test(image.name) && image.launchPermissions.some((p) => p.group === 'all');
}

/** The image a family's parameter names: the newest available, not deprecated image of the family. */
export function newestOfFamily(images: readonly EmuImage[], family: CatalogFamily, now: number): EmuImage | undefined {
  let best: EmuImage | undefined;
  for (const image of images) {
    if (!inFamily(image, family) || image.state !== 'available') continue;
    if (image.deprecationTime !== undefined && Date.parse(image.deprecationTime) <= now) continue;
    if (!best || image.creationDate > best.creationDate) best = image;
  }
  return best;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function makeImage(store: EmulatorStore, r: Prng, region: string, family: CatalogFamily, createdMs: number): EmuImage {
  let imageId = `ami-${r.hex(17)}`;
  while (store.findImage(imageId)) imageId = `ami-${r.hex(17)}`;
  const name = family.nameAt(createdMs);
  const windows = family.os === 'windows';
  const size = windows ? 30 : 8;
  const snapshotId = `snap-${r.hex(17)}`;
  store.addSnapshot({
    snapshotId,
    region,
    ownerId: family.owner,
    ...(family.alias ? { ownerAlias: family.alias } : {}),
    volumeId: `vol-${r.hex(17)}`,
    volumeSize: size,
    state: 'completed',
    startTime: iso(createdMs - 600_000),
    completionTime: iso(createdMs - 60_000),
    progress: '100%',
    description: `Created by CreateImage(i-${r.hex(17)}) for ${imageId}`,
    encrypted: false,
    storageTier: 'standard',
    tags: [],
    createVolumePermissions: [{ group: 'all' }],
  });
  const image: EmuImage = {
    imageId,
    region,
    ownerId: family.owner,
    ...(family.alias ? { ownerAlias: family.alias } : {}),
    name,
    description: family.description,
    state: 'available',
    creationDate: iso(createdMs),
    architecture: family.architecture,
    ...(windows ? { platform: 'windows' as const } : {}),
    platformDetails: windows ? 'Windows' : 'Linux/UNIX',
    usageOperation: windows ? 'RunInstances:0002' : 'RunInstances',
    imageType: 'machine',
    imageLocation: `${family.alias ?? family.owner}/${name}`,
    virtualizationType: 'hvm',
    hypervisor: 'xen',
    enaSupport: true,
    sriovNetSupport: 'simple',
    bootMode: family.architecture === 'arm64' ? 'uefi' : windows ? 'uefi' : 'uefi-preferred',
    imdsSupport: 'v2.0',
    rootDeviceName: family.rootDevice,
    rootDeviceType: 'ebs',
    deregistrationProtection: 'disabled',
    freeTierEligible: family.architecture === 'x86_64',
    productCodes: [],
    tags: [],
    blockDeviceMappings: [
      {
        deviceName: family.rootDevice,
        ebs: { deleteOnTermination: true, snapshotId, volumeSize: size, volumeType: family.parameter.includes('gp2') ? 'gp2' : 'gp3', encrypted: false },
      },
    ],
    launchPermissions: [{ group: 'all' }],
  };
  store.addImage(image);
  return image;
}

// ---- community images (the catalog's Community source) ----

/** Owners of the seeded community images: accounts AWS does not vouch for (no owner alias). */
export const COMMUNITY_OWNERS = ['555566667777', '888899990000'] as const;
/** The community image with a hostile name (HTML, a quote, a spreadsheet formula): it must stay text everywhere. */
export const COMMUNITY_HOSTILE_NAME = `=HYPERLINK("http://x")<img src=x onerror=alert('ami')> "community" ubuntu`;

interface CommunitySpec {
  owner: string;
  name: string;
  architecture: Arch;
  os: 'linux' | 'windows';
  ageDays: number;
  description: string;
}

const COMMUNITY: readonly CommunitySpec[] = [
  { owner: COMMUNITY_OWNERS[0], name: 'community-hardened-ubuntu-24.04-x86_64-20261020', architecture: 'x86_64', os: 'linux', ageDays: 12, description: 'Hardened Ubuntu 24.04 (community build)' },
  { owner: COMMUNITY_OWNERS[0], name: 'community-hardened-ubuntu-24.04-arm64-20261020', architecture: 'arm64', os: 'linux', ageDays: 12, description: 'Hardened Ubuntu 24.04 (community build)' },
  { owner: COMMUNITY_OWNERS[0], name: 'community-hardened-ubuntu-22.04-x86_64-20260512', architecture: 'x86_64', os: 'linux', ageDays: 173, description: 'Hardened Ubuntu 22.04 (community build)' },
  { owner: COMMUNITY_OWNERS[1], name: 'k8s-node-al2023-1.31-arm64-v20261001', architecture: 'arm64', os: 'linux', ageDays: 31, description: 'Kubernetes worker node on AL2023 (community)' },
  { owner: COMMUNITY_OWNERS[1], name: 'Windows_Server-2022-English-Full-Base-community-rebuild', architecture: 'x86_64', os: 'windows', ageDays: 60, description: 'A rebuild of Windows Server 2022 by a third party' },
  { owner: COMMUNITY_OWNERS[1], name: COMMUNITY_HOSTILE_NAME, architecture: 'x86_64', os: 'linux', ageDays: 5, description: '<script>alert("description")</script>' },
];

function seedCommunity(store: EmulatorStore, r: Prng, region: string, baseDate: number): void {
  for (const spec of COMMUNITY) {
    const family: CatalogFamily = {
      parameter: '',
      owner: spec.owner,
      architecture: spec.architecture,
      os: spec.os,
      pattern: /^$/,
      nameAt: () => spec.name,
      description: spec.description,
      dataType: 'text',
      rootDevice: spec.os === 'windows' ? '/dev/sda1' : '/dev/xvda',
    };
    makeImage(store, r, region, family, baseDate - spec.ageDays * DAY - r.int(0, DAY - 1));
  }
}

/**
 * Seeds the catalog's images and parameters in each region. `baseDate` is the seed's "now"
 * (seed.ts BASE_DATE): ages are counted back from it.
 */
export function seedCatalog(store: EmulatorStore, regions: readonly string[], baseDate: number): void {
  for (const region of regions) {
    const r = new Prng(CATALOG_SEED).fork(`catalog:${region}`);
    // One scan of the region (it may hold 100k generated images): the families' owners only.
    const owners = new Set(CATALOG_FAMILIES.map((f) => f.owner));
    const candidates = store.images(region).filter((i) => owners.has(i.ownerId));
    for (const family of CATALOG_FAMILIES) {
      if (isGap(region, family.parameter)) continue;
      const members = candidates.filter((i) => inFamily(i, family));
      if (!newestOfFamily(members, family, baseDate)) members.push(makeImage(store, r, region, family, baseDate - r.int(8, 20) * DAY - r.int(0, DAY - 1)));
      // Two older ones; the older of them deprecated a month ago.
      members.push(makeImage(store, r, region, family, baseDate - r.int(140, 160) * DAY - r.int(0, DAY - 1)));
      const old = makeImage(store, r, region, family, baseDate - r.int(290, 320) * DAY - r.int(0, DAY - 1));
      old.deprecationTime = iso(baseDate - 30 * DAY);
      members.push(old);

      const newest = newestOfFamily(members, family, baseDate);
      if (!newest) continue;
      store.ssm.put(region, {
        name: family.parameter,
        type: 'String',
        value: newest.imageId,
        version: r.int(30, 180),
        lastModified: Date.parse(newest.creationDate) + r.int(1, 6) * 3_600_000,
        dataType: family.dataType,
      });
    }
    // Community images: a PRNG of their own, so the parameters above stay what they are.
    seedCommunity(store, new Prng(CATALOG_SEED).fork(`catalog-community:${region}`), region, baseDate);
  }
}
