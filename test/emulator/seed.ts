/**
 * Fills a store deterministically from a seed: the public AMIs of the data file, extra public
 * images (Windows, Ubuntu, Marketplace), images owned by DEFAULT_ACCOUNT and images shared with it.
 * Dates are relative to a fixed base date, never the clock, so a seed always gives the same data.
 * Linear in the number of images (100k in well under the few seconds a benchmark allows).
 */
import {
  AMAZON_WINDOWS_ACCOUNT,
  CANONICAL_ACCOUNT,
  DEFAULT_ACCOUNT,
  MARKETPLACE_ACCOUNT,
  ORGANIZATIONAL_UNIT_ARN,
  ORGANIZATION_ARN,
  OTHER_ACCOUNT,
  THIRD_ACCOUNT,
} from './accounts';
import { Prng } from './prng';
import { loadPublicAmis, type PublicAmiRecord } from './publicData';
import { seedRecycleBinAndUsage } from './recycleBinSeed'; // wt/bin
import { seedReferences } from './seedReferences';
import { seedCatalog } from './ssmSeed'; // catalog (issue #11)
import type { EmulatorStore } from './store';
import type { EmuBlockDeviceMapping, EmuEbs, EmuImage, EmuLaunchPermission, EmuSnapshot, EmuTag } from './types';

/** Generation is relative to this instant, not the clock. */
export const BASE_DATE = Date.UTC(2026, 10, 1); // 2026-11-01T00:00:00Z
const DAY = 86_400_000;

export const DEFAULT_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

/** Regions of the data file an account has not enabled (DescribeRegions AllRegions shows them). */
export const NOT_OPTED_IN_REGIONS = ['af-south-1', 'me-south-1', 'ap-east-1'];
const OPT_IN_REGIONS = new Set([
  'af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ca-west-1',
  'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1',
]);

/** Names of the fixture images every generated region holds (tests look them up by name). */
export const FIXTURE_NAMES = {
  kitchenSink: 'kitchen-sink-all-fields',
  hostileMarkup: '<img src=x onerror=alert(1)>',
  hostileShell: '"; rm -rf / #',
  hostileLink: '[click](command:workbench.action.quit)',
} as const;

export const HOSTILE_STRINGS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("x")</script>',
  '"; rm -rf / #',
  "'; DROP TABLE amis; --",
  '[click](command:workbench.action.quit)',
  'javascript:alert(1)',
  '${HOME} $(whoami) `id`',
  '\u202Egnp.exe',
  '&amp; &lt;not-an-entity&gt; & < > " \'',
  'emoji 🚀 and CJK 日本語 and accents éàü',
] as const;

export interface SeedOptions {
  seed: number;
  imagesPerRegion: number;
  regions: string[];
  publicImages: boolean;
}

export function seedStore(store: EmulatorStore, opts: SeedOptions): void {
  const data = loadPublicAmis();
  const dataRegions = Object.keys(data);
  for (const name of dataRegions) {
    const optInStatus = NOT_OPTED_IN_REGIONS.includes(name) && !opts.regions.includes(name)
      ? 'not-opted-in'
      : OPT_IN_REGIONS.has(name) ? 'opted-in' : 'opt-in-not-required';
    store.addRegion({ regionName: name, optInStatus });
  }
  for (const name of opts.regions) {
    if (!store.getRegion(name)) store.addRegion({ regionName: name, optInStatus: 'opt-in-not-required' });
  }

  const gen = new Generator(store, new Prng(opts.seed), opts.seed);
  if (opts.publicImages) {
    for (const region of dataRegions) {
      for (const rec of data[region] ?? []) gen.addDataImage(region, rec);
    }
    for (const region of opts.regions) gen.addExtraPublicImages(region);
  }
  for (const region of opts.regions) gen.addOwnedImages(region, opts.imagesPerRegion);
  // At least one image of each sharing kind (public, org, OU, explicit) whenever any are generated.
  const shared = opts.imagesPerRegion === 0 ? 0 : Math.max(5, Math.round(opts.imagesPerRegion / 5));
  const unshared = opts.imagesPerRegion === 0 ? 0 : Math.max(2, Math.round(opts.imagesPerRegion / 10));
  for (const region of opts.regions) gen.addSharedImages(region, shared);
  for (const region of opts.regions) gen.addUnsharedImages(region, unshared);
  gen.linkAncestry(opts.regions);
  seedNetwork(store, opts.seed);
  seedReferences(store, opts.regions, opts.seed);
  // recycle bin and usage reports (wt/bin)
  seedRecycleBinAndUsage(store, opts.regions, BASE_DATE, FIXTURE_NAMES.kitchenSink);
  // creation (issue #10): owned snapshots no image uses, for Register Image from Snapshot.
  seedLooseSnapshots(store, opts.seed, opts.regions);
  // catalog (issue #11): public SSM parameters and the images they point at (own PRNG: ssmSeed.ts).
  if (opts.publicImages) seedCatalog(store, opts.regions, BASE_DATE);
  // hygiene (#11): Allowed AMIs settings of DEFAULT_ACCOUNT (an explicit table; no random draw, nothing else shifts).
  seedAllowedImages(store, opts.regions);
}

// ---- hygiene (#11): Allowed AMIs ----

/**
 * DEFAULT_ACCOUNT's Allowed AMIs settings per region, where the region is generated: audit mode
 * (nothing hidden, ImageAllowed reported) with the providers Amazon and the account itself, and
 * enabled (others' images outside the criteria are not listed); every other region is disabled.
 */
export const ALLOWED_IMAGES_SEED: Readonly<Record<string, { state: 'enabled' | 'audit-mode'; imageProviders: string[] }>> = {
  'eu-west-1': { state: 'audit-mode', imageProviders: ['amazon', DEFAULT_ACCOUNT] },
  'ap-southeast-2': { state: 'enabled', imageProviders: ['amazon', 'aws-marketplace', OTHER_ACCOUNT] },
};

function seedAllowedImages(store: EmulatorStore, regions: readonly string[]): void {
  for (const [region, entry] of Object.entries(ALLOWED_IMAGES_SEED)) {
    if (!regions.includes(region)) continue;
    store.setAllowedImagesSettings(DEFAULT_ACCOUNT, region, { state: entry.state, imageCriteria: [{ imageProviders: [...entry.imageProviders] }], managedBy: 'account' });
  }
}

// ---- creation (issue #10) ----

/** Descriptions of the snapshots seedLooseSnapshots makes (tests find them by these). */
export const LOOSE_SNAPSHOTS = {
  root: 'Root volume of a retired build host (not registered)',
  data: 'Data volume (not registered)',
  encrypted: 'Encrypted root volume (not registered)',
} as const;

/**
 * Per generated region, three completed snapshots DEFAULT_ACCOUNT owns that no image uses: an 8 GiB
 * root, a 20 GiB data volume and an encrypted 10 GiB root. Its own generator, so the images stay
 * what they were.
 */
function seedLooseSnapshots(store: EmulatorStore, seed: number, regions: readonly string[]): void {
  for (const region of regions) {
    const r = new Prng(seed).fork(`loose-snapshots:${region}`);
    const specs: { description: string; size: number; encrypted: boolean; name: string }[] = [
      { description: LOOSE_SNAPSHOTS.root, size: 8, encrypted: false, name: 'build-host-root' },
      { description: LOOSE_SNAPSHOTS.data, size: 20, encrypted: false, name: 'build-host-data' },
      { description: LOOSE_SNAPSHOTS.encrypted, size: 10, encrypted: true, name: 'encrypted-root' },
    ];
    specs.forEach((spec, n) => {
      const snapshot: EmuSnapshot = {
        snapshotId: `snap-${r.hex(17)}`,
        region,
        ownerId: DEFAULT_ACCOUNT,
        volumeId: `vol-${r.hex(17)}`,
        volumeSize: spec.size,
        state: 'completed',
        startTime: iso(BASE_DATE - (3 + n) * DAY),
        completionTime: iso(BASE_DATE - (3 + n) * DAY + 600_000),
        progress: '100%',
        description: spec.description,
        encrypted: spec.encrypted,
        storageTier: 'standard',
        tags: [{ key: 'Name', value: spec.name }],
        createVolumePermissions: [],
      };
      if (spec.encrypted) snapshot.kmsKeyId = `arn:aws:kms:${region}:${DEFAULT_ACCOUNT}:key/${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
      store.addSnapshot(snapshot);
    });
  }
}

/** Accounts that get a default network and a key pair in every region. */
const NETWORK_ACCOUNTS = [DEFAULT_ACCOUNT, OTHER_ACCOUNT, THIRD_ACCOUNT];
/** The key pair every seeded account has in every region. */
export const SEED_KEY_NAME = 'demo-key';

/**
 * Per region: 2 or 3 availability zones; per account, the default VPC 172.31.0.0/16 with one
 * default subnet per zone (172.31.0.0/20, 172.31.16.0/20, …; public IPs on launch), the VPC's
 * `default` security group and an `ssh` one, and the key pair SEED_KEY_NAME. Its own generator,
 * so the images stay what they were.
 */
function seedNetwork(store: EmulatorStore, seed: number): void {
  for (const { regionName: region } of store.regions()) {
    const r = new Prng(seed).fork(`network:${region}`);
    const zones = ['a', 'b', 'c'].slice(0, r.chance(0.6) ? 3 : 2).map((letter) => `${region}${letter}`);
    store.setZones(region, zones);
    for (const account of NETWORK_ACCOUNTS) {
      const vpcId = `vpc-${r.hex(17)}`;
      store.addVpc({ vpcId, ownerId: account, region, cidrBlock: '172.31.0.0/16', isDefault: true, tags: [] });
      zones.forEach((zone, n) => {
        store.addSubnet({
          subnetId: `subnet-${r.hex(17)}`,
          vpcId,
          ownerId: account,
          region,
          availabilityZone: zone,
          cidrBlock: `172.31.${n * 16}.0/20`,
          availableIpAddressCount: 4091,
          defaultForAz: true,
          mapPublicIpOnLaunch: true,
          tags: [{ key: 'Name', value: `default-${zone}` }],
          allocated: 0,
        });
      });
      store.addSecurityGroup({ groupId: `sg-${r.hex(17)}`, groupName: 'default', description: 'default VPC security group', vpcId, ownerId: account, region, tags: [] });
      store.addSecurityGroup({ groupId: `sg-${r.hex(17)}`, groupName: 'ssh', description: 'SSH from anywhere', vpcId, ownerId: account, region, tags: [{ key: 'Name', value: 'ssh' }] });
      store.addKeyPair({
        keyPairId: `key-${r.hex(17)}`,
        keyName: SEED_KEY_NAME,
        ownerId: account,
        region,
        keyType: 'ed25519',
        keyFingerprint: Buffer.from(r.hex(64), 'hex').toString('base64'),
        createTime: new Date(BASE_DATE - 30 * DAY).toISOString(),
        tags: [],
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------

interface Family {
  base: string;
  style: 'dated' | 'version' | 'arch' | 'semver';
  os: 'linux' | 'windows' | 'ubuntu' | 'rhel' | 'suse';
  arch?: 'x86_64' | 'arm64';
  team: string;
}

const FAMILIES: Family[] = [
  { base: 'web-api', style: 'dated', os: 'linux', team: 'platform' },
  { base: 'payments-svc', style: 'dated', os: 'linux', team: 'payments' },
  { base: 'base-al2023-hardened', style: 'version', os: 'linux', team: 'security' },
  { base: 'ci-runner-ubuntu-24.04', style: 'arch', os: 'ubuntu', team: 'devex' },
  { base: 'windows-2022-iis', style: 'dated', os: 'windows', arch: 'x86_64', team: 'dotnet' },
  { base: 'data-pipeline-spark', style: 'semver', os: 'linux', team: 'data' },
  { base: 'bastion', style: 'version', os: 'linux', team: 'security' },
  { base: 'ml-training-gpu', style: 'dated', os: 'ubuntu', arch: 'x86_64', team: 'ml' },
  { base: 'rhel9-golden', style: 'version', os: 'rhel', team: 'platform' },
  { base: 'sles15-sap', style: 'version', os: 'suse', arch: 'x86_64', team: 'erp' },
  { base: 'graviton-worker', style: 'semver', os: 'linux', arch: 'arm64', team: 'platform' },
];

const OS_DETAILS: Record<Family['os'], { platformDetails: string; usageOperation: string; root: string }> = {
  linux: { platformDetails: 'Linux/UNIX', usageOperation: 'RunInstances', root: '/dev/xvda' },
  ubuntu: { platformDetails: 'Linux/UNIX', usageOperation: 'RunInstances', root: '/dev/sda1' },
  windows: { platformDetails: 'Windows', usageOperation: 'RunInstances:0002', root: '/dev/sda1' },
  rhel: { platformDetails: 'Red Hat Enterprise Linux', usageOperation: 'RunInstances:0010', root: '/dev/sda1' },
  suse: { platformDetails: 'SUSE Linux', usageOperation: 'RunInstances:000g', root: '/dev/sda1' },
};

const ENVIRONMENTS = ['prod', 'staging', 'dev'];
const TEAMS_EXTRA = ['platform', 'payments', 'data', 'security', 'devex', 'ml'];

const HEX = '0123456789abcdef';
const codes: number[] = [];

/** Builds a flat string from char codes: cheaper to keep than the rope a template literal makes. */
function flat(): string {
  const out = String.fromCharCode.apply(null, codes);
  codes.length = 0;
  return out;
}

function pushText(text: string): void {
  for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
}

function pushNum(n: number, width: number): void {
  for (let d = width - 1; d >= 0; d--) codes.push(48 + (Math.floor(n / 10 ** d) % 10));
}

function pushHex(n: number, width: number): void {
  for (let d = width - 1; d >= 0; d--) codes.push(HEX.charCodeAt((n >>> (d * 4)) & 15));
}

const dayCache = new Map<number, string>();

/** ISO 8601 with milliseconds, as EC2 writes dates. Hot when seeding 100k images. */
function iso(ms: number): string {
  const dayIndex = Math.floor(ms / DAY);
  let day = dayCache.get(dayIndex);
  if (day === undefined) {
    day = new Date(dayIndex * DAY).toISOString().slice(0, 11);
    dayCache.set(dayIndex, day);
  }
  const rest = ms - dayIndex * DAY;
  pushText(day);
  pushNum(Math.floor(rest / 3_600_000), 2);
  codes.push(58);
  pushNum(Math.floor((rest % 3_600_000) / 60_000), 2);
  codes.push(58);
  pushNum(Math.floor((rest % 60_000) / 1000), 2);
  codes.push(46);
  pushNum(rest % 1000, 3);
  codes.push(90);
  return flat();
}

function ymd(ms: number, sep = '.'): string {
  return iso(ms).slice(0, 10).replace(/-/g, sep);
}

class Generator {
  private readonly counters = new Map<string, number>();
  private readonly idSalt: number;
  private readonly kmsKeys = new Map<string, string[]>();
  /** Generated images per region, oldest first (for ancestry links). */
  private readonly generated = new Map<string, EmuImage[]>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly rng: Prng,
    private readonly seed: number,
  ) {
    this.idSalt = Math.floor(rng.next() * 0x100000000) >>> 0;
  }

  // ---- ids ----

  /**
   * `prefix-` + 17 hex digits, unique without bookkeeping: the first 8 digits are a bijective
   * scramble of a per-prefix counter (so they never repeat), the other 9 come from the PRNG.
   */
  private newId(prefix: string): string {
    const n = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, n + 1);
    pushText(prefix);
    codes.push(45);
    pushHex(scramble32(n ^ this.idSalt), 8);
    pushHex(Math.floor(this.rng.next() * 0x100000000), 8);
    pushHex(this.rng.int(0, 15), 1);
    return flat();
  }

  private kmsKey(region: string, owner: string): string {
    const k = `${region}/${owner}`;
    let keys = this.kmsKeys.get(k);
    if (!keys) {
      keys = [];
      for (let i = 0; i < 3; i++) {
        const h = this.rng.hex(32);
        keys.push(`arn:aws:kms:${region}:${owner}:key/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`);
      }
      this.kmsKeys.set(k, keys);
    }
    return this.rng.pick(keys);
  }

  // ---- snapshots and mappings ----

  private snapshotFor(image: EmuImage, ebs: EmuEbs, createdMs: number): string {
    const snapshotId = this.newId('snap');
    const publicImage = image.launchPermissions.some((p) => p.group === 'all');
    const snapshot: EmuSnapshot = {
      snapshotId,
      region: image.region,
      ownerId: image.ownerId,
      ownerAlias: image.ownerAlias,
      volumeId: this.newId('vol'),
      volumeSize: ebs.volumeSize ?? 8,
      state: image.state === 'pending' ? 'pending' : image.state === 'failed' ? 'error' : 'completed',
      stateMessage: image.state === 'failed' ? 'Snapshot creation failed: internal error' : undefined,
      startTime: iso(createdMs - 600_000),
      completionTime: image.state === 'pending' ? undefined : iso(createdMs - 60_000),
      progress: image.state === 'pending' ? '42%' : '100%',
      description: `Created by CreateImage(${image.sourceInstanceId ?? 'i-0000000000000000'}) for ${image.imageId}`,
      encrypted: ebs.encrypted ?? false,
      kmsKeyId: ebs.kmsKeyId,
      storageTier: 'standard',
      tags: [],
      createVolumePermissions: publicImage ? [{ group: 'all' }] : [],
    };
    this.store.addSnapshot(snapshot);
    return snapshotId;
  }

  private rootMapping(image: EmuImage, createdMs: number, sizeMin: number, sizeMax: number, encryptedChance: number): EmuBlockDeviceMapping {
    const r = this.rng;
    const gp3 = r.chance(0.7);
    const ebs: EmuEbs = {
      deleteOnTermination: r.chance(0.9),
      volumeSize: r.int(sizeMin, sizeMax),
      volumeType: gp3 ? 'gp3' : 'gp2',
      encrypted: r.chance(encryptedChance),
    };
    if (gp3) {
      ebs.iops = 3000;
      ebs.throughput = 125;
    }
    if (ebs.encrypted) ebs.kmsKeyId = this.kmsKey(image.region, image.ownerId);
    ebs.snapshotId = this.snapshotFor(image, ebs, createdMs);
    return { deviceName: image.rootDeviceName, ebs: orderEbs(ebs) };
  }

  private dataMappings(image: EmuImage, createdMs: number): EmuBlockDeviceMapping[] {
    const r = this.rng;
    const out: EmuBlockDeviceMapping[] = [];
    const letters = 'bcdefgh';
    let li = 0;
    const nextDevice = (): string => `/dev/sd${letters[li++] ?? 'z'}`;
    const dataCount = r.pick([0, 0, 1, 1, 1, 2, 2, 3]);
    for (let i = 0; i < dataCount; i++) {
      const kind = r.pick(['gp3', 'gp3', 'io2', 'st1', 'gp2', 'sc1', 'io1', 'standard']);
      const ebs: EmuEbs = { deleteOnTermination: r.chance(0.5), volumeType: kind, encrypted: r.chance(0.6) };
      switch (kind) {
        case 'gp3':
          ebs.volumeSize = r.int(20, 500);
          ebs.iops = r.pick([3000, 4000, 6000, 10000, 16000]);
          ebs.throughput = r.pick([125, 250, 500, 1000]);
          break;
        case 'io1':
        case 'io2':
          ebs.volumeSize = r.int(50, 1000);
          ebs.iops = r.pick([5000, 10000, 32000, 64000]);
          break;
        case 'st1':
        case 'sc1':
          ebs.volumeSize = r.int(125, 2000);
          break;
        default:
          ebs.volumeSize = r.int(10, 200);
      }
      if (ebs.encrypted) ebs.kmsKeyId = this.kmsKey(image.region, image.ownerId);
      ebs.snapshotId = this.snapshotFor(image, ebs, createdMs);
      out.push({ deviceName: nextDevice(), ebs: orderEbs(ebs) });
    }
    if (r.chance(0.25)) {
      out.push({ deviceName: nextDevice(), virtualName: 'ephemeral0' });
      if (r.chance(0.4)) out.push({ deviceName: nextDevice(), virtualName: 'ephemeral1' });
    }
    if (r.chance(0.15)) out.push({ deviceName: nextDevice(), noDevice: '' });
    return out;
  }

  // ---- public images ----

  addDataImage(region: string, rec: PublicAmiRecord): void {
    const r = this.rng;
    const m = /(\d{4})(\d{2})(\d{2})/.exec(rec.name);
    const createdMs = m
      ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), r.int(0, 23), r.int(0, 59), r.int(0, 59))
      : BASE_DATE - r.int(30, 400) * DAY;
    const paravirtual = rec.virtualization_type === 'paravirtual';
    const image: EmuImage = {
      imageId: rec.ami_id,
      region,
      ownerId: rec.owner_id,
      ownerAlias: 'amazon',
      name: rec.name,
      description: rec.description ?? undefined,
      state: rec.state,
      creationDate: iso(createdMs),
      architecture: rec.architecture,
      platformDetails: 'Linux/UNIX',
      usageOperation: 'RunInstances',
      imageType: rec.image_type,
      imageLocation: `amazon/${rec.name}`,
      kernelId: paravirtual ? `aki-${r.hex(17)}` : undefined,
      ramdiskId: paravirtual ? `ari-${r.hex(17)}` : undefined,
      virtualizationType: rec.virtualization_type,
      hypervisor: rec.hypervisor,
      enaSupport: !paravirtual,
      sriovNetSupport: rec.sriov ?? undefined,
      bootMode: paravirtual ? undefined : rec.architecture === 'arm64' ? 'uefi' : 'uefi-preferred',
      imdsSupport: paravirtual ? undefined : 'v2.0',
      rootDeviceName: rec.root_device_name,
      rootDeviceType: rec.root_device_type,
      deregistrationProtection: 'disabled',
      freeTierEligible: rec.architecture === 'x86_64',
      publicSsmParameterName: /^al2023-ami-\d/.test(rec.name) && !rec.name.includes('minimal')
        ? `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${rec.architecture}`
        : undefined,
      productCodes: [],
      tags: [],
      blockDeviceMappings: [],
      launchPermissions: rec.public ? [{ group: 'all' }] : [],
    };
    image.blockDeviceMappings.push(this.rootMapping(image, createdMs, rec.name.includes('minimal') ? 2 : 8, 8, 0));
    this.store.addImage(image);
  }

  addExtraPublicImages(region: string): void {
    const r = this.rng;
    const base = (owner: string, alias: string | undefined, name: string, arch: string, os: Family['os'], ageDays: number): EmuImage => {
      const created = BASE_DATE - ageDays * DAY - r.int(0, DAY - 1);
      const d = OS_DETAILS[os];
      const image: EmuImage = {
        imageId: this.newId('ami'),
        region,
        ownerId: owner,
        ownerAlias: alias,
        name,
        state: 'available',
        creationDate: iso(created),
        architecture: arch,
        platform: os === 'windows' ? 'windows' : undefined,
        platformDetails: d.platformDetails,
        usageOperation: d.usageOperation,
        imageType: 'machine',
        imageLocation: `${alias ?? owner}/${name}`,
        virtualizationType: 'hvm',
        hypervisor: 'xen',
        enaSupport: true,
        sriovNetSupport: 'simple',
        rootDeviceName: d.root,
        rootDeviceType: 'ebs',
        deregistrationProtection: 'disabled',
        productCodes: [],
        tags: [],
        blockDeviceMappings: [],
        launchPermissions: [{ group: 'all' }],
      };
      return image;
    };
    const finish = (image: EmuImage, minGiB: number, maxGiB: number): void => {
      image.blockDeviceMappings.push(this.rootMapping(image, Date.parse(image.creationDate), minGiB, maxGiB, 0));
      this.store.addImage(image);
    };

    const winNew = base(AMAZON_WINDOWS_ACCOUNT, 'amazon', 'Windows_Server-2022-English-Full-Base-2026.10.15', 'x86_64', 'windows', 17);
    winNew.description = 'Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon';
    winNew.bootMode = 'uefi';
    winNew.tpmSupport = 'v2.0';
    winNew.uefiData = uefiBlob(r);
    winNew.imdsSupport = 'v2.0';
    finish(winNew, 30, 30);

    const winOld = base(AMAZON_WINDOWS_ACCOUNT, 'amazon', 'Windows_Server-2019-English-Full-Base-2025.06.11', 'x86_64', 'windows', 510);
    winOld.description = 'Microsoft Windows Server 2019 with Desktop Experience Locale English AMI provided by Amazon';
    winOld.bootMode = 'legacy-bios';
    winOld.deprecationTime = iso(BASE_DATE - 60 * DAY);
    finish(winOld, 30, 30);

    for (const arch of ['x86_64', 'arm64']) {
      const a = arch === 'x86_64' ? 'amd64' : 'arm64';
      const ubuntu = base(CANONICAL_ACCOUNT, undefined, `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${a}-server-20261015`, arch, 'ubuntu', 17);
      ubuntu.description = `Canonical, Ubuntu, 24.04, ${a} noble image`;
      ubuntu.bootMode = arch === 'arm64' ? 'uefi' : 'legacy-bios';
      ubuntu.imdsSupport = 'v2.0';
      ubuntu.freeTierEligible = arch === 'x86_64';
      finish(ubuntu, 8, 8);
    }

    const products = [
      ['fortinet-fortigate-7.4.5', 'FortiGate-VM64-AWS build2702 (7.4.5) GA', 'linux'],
      ['CIS Hardened Image Level 1 on Amazon Linux 2023-prod-abc123', 'CIS Amazon Linux 2023 Benchmark Level 1', 'linux'],
      ['Windows_Server-2022-SQL_2022_Standard-marketplace', 'SQL Server 2022 Standard on Windows Server 2022', 'windows'],
    ] as const;
    for (const [name, description, os] of products) {
      const mp = base(MARKETPLACE_ACCOUNT, 'aws-marketplace', name, 'x86_64', os === 'windows' ? 'windows' : 'linux', r.int(20, 300));
      mp.description = description;
      mp.productCodes = [{ productCodeId: `${r.hex(25).replace(/[0-9]/g, (c) => String.fromCharCode(97 + Number(c)))}`, productCodeType: 'marketplace' }];
      mp.bootMode = 'uefi-preferred';
      finish(mp, os === 'windows' ? 50 : 10, os === 'windows' ? 60 : 20);
    }
  }

  // ---- owned and shared images ----

  addOwnedImages(region: string, count: number): void {
    const list = this.generatedIn(region);
    const names = new Set<string>();
    // A few fixed fixtures first (when room): the every-field image, then hostile ones.
    const fixtures: ((i: number) => EmuImage)[] = [
      (i) => this.kitchenSink(region, i),
      (i) => this.hostile(region, i, 0),
      (i) => this.hostile(region, i, 1),
      (i) => this.hostile(region, i, 2),
    ];
    const states = this.pickSpecialStates(count, fixtures.length);
    for (let i = 0; i < count; i++) {
      let image: EmuImage;
      if (i < fixtures.length) image = (fixtures[i] as (i: number) => EmuImage)(i);
      else image = this.ordinaryImage(region, DEFAULT_ACCOUNT, i, names, states.get(i));
      names.add(image.name);
      list.push(image);
      this.store.addImage(image);
    }
  }

  addSharedImages(region: string, count: number): void {
    const list = this.generatedIn(region);
    const names = new Set<string>();
    const r = this.rng;
    for (let i = 0; i < count; i++) {
      const owner = i % 4 === 3 ? THIRD_ACCOUNT : OTHER_ACCOUNT;
      const image = this.ordinaryImage(region, owner, i, names, undefined);
      // Mostly explicit shares with DEFAULT_ACCOUNT; a few public, a few via the organization / OU.
      const kind = i === 0 ? 'public' : i === 1 ? 'org' : i === 2 ? 'ou' : i < 5 || !r.chance(0.1) ? 'user' : 'public';
      const perms: EmuLaunchPermission[] = [];
      if (kind === 'public') perms.push({ group: 'all' });
      else if (kind === 'org') perms.push({ organizationArn: ORGANIZATION_ARN });
      else if (kind === 'ou') perms.push({ organizationalUnitArn: ORGANIZATIONAL_UNIT_ARN });
      else perms.push({ userId: DEFAULT_ACCOUNT });
      if (r.chance(0.3)) perms.push({ userId: owner === OTHER_ACCOUNT ? THIRD_ACCOUNT : OTHER_ACCOUNT });
      image.launchPermissions = perms;
      // Snapshots behind a shared AMI are shared separately in EC2: public ones always, explicit
      // shares about half the time (so both "snapshot visible" and "not visible" cases exist).
      const snapshotGrant: EmuLaunchPermission | undefined = kind === 'public' ? { group: 'all' } : kind === 'user' && (i === 3 || r.chance(0.5)) ? { userId: DEFAULT_ACCOUNT } : undefined;
      if (snapshotGrant) {
        for (const m of image.blockDeviceMappings) {
          const snap = m.ebs?.snapshotId ? this.store.getSnapshot(region, m.ebs.snapshotId) : undefined;
          if (snap) snap.createVolumePermissions.push({ ...snapshotGrant });
        }
      }
      if (i === 3) {
        image.name = `shared ${HOSTILE_STRINGS[0]}`;
        image.description = HOSTILE_STRINGS[1];
      }
      names.add(image.name);
      list.push(image);
      this.store.addImage(image);
    }
  }

  /** Other accounts' images DEFAULT_ACCOUNT may not see: private, or shared with someone else. */
  addUnsharedImages(region: string, count: number): void {
    const names = new Set<string>();
    for (let i = 0; i < count; i++) {
      const owner = i % 2 === 0 ? OTHER_ACCOUNT : THIRD_ACCOUNT;
      const image = this.ordinaryImage(region, owner, i, names, undefined);
      image.launchPermissions = i % 3 === 1 ? [{ userId: owner === OTHER_ACCOUNT ? THIRD_ACCOUNT : OTHER_ACCOUNT }] : [];
      names.add(image.name);
      this.store.addImage(image);
    }
  }

  /** Which ordinary image indices get an unusual state: a couple each of disabled, pending, failed. */
  private pickSpecialStates(count: number, skip: number): Map<number, string> {
    const out = new Map<number, string>();
    const room = count - skip;
    if (room < 8) return out;
    const wanted = ['disabled', 'disabled', 'pending', 'failed'];
    for (const state of wanted) {
      for (let tries = 0; tries < 20; tries++) {
        const i = skip + this.rng.int(0, room - 1);
        if (!out.has(i)) {
          out.set(i, state);
          break;
        }
      }
    }
    return out;
  }

  private ordinaryImage(region: string, owner: string, i: number, names: Set<string>, state: string | undefined): EmuImage {
    const r = this.rng;
    const fam = r.pick(FAMILIES);
    const arch = fam.arch ?? (r.chance(0.35) ? 'arm64' : 'x86_64');
    const createdMs = BASE_DATE - r.int(0, 730 * DAY);
    const version = r.int(1, 40);
    const semver = `${r.int(1, 4)}.${r.int(0, 12)}.${r.int(0, 20)}`;
    const hhmm = iso(createdMs).slice(11, 16).replace(':', '');
    let name: string;
    switch (fam.style) {
      case 'dated':
        name = `${fam.base}-${ymd(createdMs)}-${hhmm}`;
        break;
      case 'version':
        name = `${fam.base}-v${version}`;
        break;
      case 'arch':
        name = `${fam.base}-${arch}-${ymd(createdMs, '')}.${r.int(1, 9)}`;
        break;
      default:
        name = `${fam.base}-${semver}-b${r.int(1, 999)}`;
    }
    if (arch === 'arm64' && fam.style !== 'arch' && !name.includes('arm64') && r.chance(0.5)) name += '-arm64';
    if (names.has(name)) name = `${name}-${i}`;

    const os = fam.os;
    const d = OS_DETAILS[os];
    const image: EmuImage = {
      imageId: this.newId('ami'),
      region,
      ownerId: owner,
      name,
      description: r.chance(0.85) ? `${fam.base} image built by ${r.pick(['Packer', 'EC2 Image Builder', 'CI pipeline'])} (${fam.team})` : undefined,
      state: state ?? 'available',
      creationDate: iso(createdMs),
      architecture: arch,
      platform: os === 'windows' ? 'windows' : undefined,
      platformDetails: d.platformDetails,
      usageOperation: d.usageOperation,
      imageType: 'machine',
      imageLocation: `${owner}/${name}`,
      virtualizationType: 'hvm',
      hypervisor: 'xen',
      enaSupport: r.chance(0.95),
      sriovNetSupport: 'simple',
      rootDeviceName: d.root,
      rootDeviceType: 'ebs',
      deregistrationProtection: 'disabled',
      productCodes: [],
      tags: [],
      blockDeviceMappings: [],
      launchPermissions: [],
    };
    if (state === 'failed') image.stateReason = { code: 'Client.InternalError', message: 'Client.InternalError: Snapshot creation failed' };
    if (state === 'pending') image.stateReason = { code: 'pending', message: 'pending' };
    if (state === 'disabled') image.stateReason = { code: 'Client.DisabledImage', message: 'Image was disabled by its owner' };

    // Boot mode: arm64 is always UEFI; Windows sometimes UEFI with TPM.
    if (arch === 'arm64') image.bootMode = 'uefi';
    else if (os === 'windows' && r.chance(0.5)) {
      image.bootMode = 'uefi';
      image.tpmSupport = 'v2.0';
      image.uefiData = uefiBlob(r);
    } else image.bootMode = r.pick(['legacy-bios', 'uefi-preferred', 'legacy-bios']);
    if (r.chance(0.5)) image.imdsSupport = 'v2.0';

    if (r.chance(0.4)) image.sourceInstanceId = `i-${r.hex(17)}`;
    if (r.chance(0.5) && image.state === 'available') image.lastLaunchedTime = iso(createdMs + r.int(0, Math.max(0, BASE_DATE - createdMs)));
    if (r.chance(0.05)) image.deregistrationProtection = r.chance(0.5) ? 'enabled' : 'enabled-with-cooldown';
    const dep = r.next();
    if (dep < 0.1) image.deprecationTime = iso(BASE_DATE - r.int(1, 300) * DAY);
    else if (dep < 0.2) image.deprecationTime = iso(BASE_DATE + r.int(365, 1500) * DAY);

    image.tags = this.ordinaryTags(name, fam, version, semver);
    image.blockDeviceMappings = [
      this.rootMapping(image, createdMs, os === 'windows' ? 30 : 8, os === 'windows' ? 80 : 30, 0.5),
      ...this.dataMappings(image, createdMs),
    ];
    if (owner === DEFAULT_ACCOUNT && r.chance(0.1)) image.launchPermissions.push({ userId: OTHER_ACCOUNT });
    return image;
  }

  private ordinaryTags(name: string, fam: Family, version: number, semver: string): EmuTag[] {
    const r = this.rng;
    if (r.chance(0.08)) return [];
    const tags: EmuTag[] = [];
    if (r.chance(0.85)) tags.push({ key: 'Name', value: name });
    if (r.chance(0.8)) tags.push({ key: 'Environment', value: r.pick(ENVIRONMENTS) });
    if (r.chance(0.6)) tags.push({ key: 'Team', value: r.chance(0.8) ? fam.team : r.pick(TEAMS_EXTRA) });
    if (r.chance(0.5)) tags.push({ key: 'Version', value: fam.style === 'semver' ? semver : `v${version}` });
    if (r.chance(0.2)) tags.push({ key: 'CostCenter', value: `cc-${r.int(1000, 9999)}` });
    if (r.chance(0.1)) tags.push({ key: 'aws:ec2image:builder', value: 'true' });
    return tags;
  }

  /** One image per region with every field the SDK models on Image and BlockDeviceMapping set. */
  private kitchenSink(region: string, i: number): EmuImage {
    const r = this.rng;
    const createdMs = BASE_DATE - 40 * DAY - i * 1000;
    const image: EmuImage = {
      imageId: this.newId('ami'),
      region,
      ownerId: DEFAULT_ACCOUNT,
      name: FIXTURE_NAMES.kitchenSink,
      description: 'Every modelled Image and BlockDeviceMapping field is set on this image',
      state: 'available',
      stateReason: { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' },
      creationDate: iso(createdMs),
      deprecationTime: iso(BASE_DATE + 400 * DAY),
      lastLaunchedTime: iso(BASE_DATE - 2 * DAY),
      architecture: 'x86_64',
      platform: 'windows',
      platformDetails: 'Windows',
      usageOperation: 'RunInstances:0002',
      imageType: 'machine',
      imageLocation: `${DEFAULT_ACCOUNT}/${FIXTURE_NAMES.kitchenSink}`,
      kernelId: `aki-${r.hex(17)}`,
      ramdiskId: `ari-${r.hex(17)}`,
      virtualizationType: 'hvm',
      hypervisor: 'xen',
      enaSupport: true,
      sriovNetSupport: 'simple',
      bootMode: 'uefi',
      tpmSupport: 'v2.0',
      imdsSupport: 'v2.0',
      uefiData: uefiBlob(r),
      rootDeviceName: '/dev/sda1',
      rootDeviceType: 'ebs',
      sourceInstanceId: `i-${r.hex(17)}`,
      deregistrationProtection: 'enabled-with-cooldown',
      imageAllowed: true,
      freeTierEligible: false,
      publicSsmParameterName: '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base',
      productCodes: [{ productCodeId: 'abcdefghijklmnopqrstuvwxy', productCodeType: 'marketplace' }],
      tags: [
        { key: 'Name', value: FIXTURE_NAMES.kitchenSink },
        { key: 'Environment', value: 'staging' },
        { key: 'Team', value: 'platform' },
        { key: 'Version', value: 'v1' },
        { key: 'EmptyValue', value: '' },
      ],
      blockDeviceMappings: [],
      launchPermissions: [{ userId: OTHER_ACCOUNT }, { organizationArn: ORGANIZATION_ARN }],
      watermarks: [
        {
          watermarkKey: `${DEFAULT_ACCOUNT}:approvedAmi`,
          sourceImageId: `ami-${r.hex(17)}`,
          sourceImageRegion: region,
          sourceImageCreationTime: iso(createdMs - 10 * DAY),
          watermarkCreationTime: iso(createdMs - 9 * DAY),
        },
      ],
      scanResults: {
        highestFindingSeverityLabel: 'high',
        findingScanDate: iso(BASE_DATE - DAY),
        informationalFixAvailableSince: iso(BASE_DATE - 30 * DAY),
        lowFixAvailableSince: iso(BASE_DATE - 25 * DAY),
        mediumFixAvailableSince: iso(BASE_DATE - 20 * DAY),
        highFixAvailableSince: iso(BASE_DATE - 15 * DAY),
        criticalFixAvailableSince: iso(BASE_DATE - 10 * DAY),
      },
      instanceTypeSpecification: { supported: ['m7i.*', 't3.large'], unsupported: ['t2.*'] },
    };
    const root: EmuEbs = {
      deleteOnTermination: true,
      iops: 4000,
      volumeSize: 60,
      volumeType: 'gp3',
      kmsKeyId: this.kmsKey(region, DEFAULT_ACCOUNT),
      throughput: 250,
      outpostArn: `arn:aws:outposts:${region}:${DEFAULT_ACCOUNT}:outpost/op-${r.hex(17)}`,
      availabilityZone: `${region}a`,
      encrypted: true,
      volumeInitializationRate: 300,
      availabilityZoneId: `${region.replace(/-/g, '').slice(0, 4)}-az1`,
      ebsCardIndex: 0,
    };
    root.snapshotId = this.snapshotFor(image, root, createdMs);
    const io2: EmuEbs = { deleteOnTermination: false, iops: 16000, volumeSize: 500, volumeType: 'io2', encrypted: true };
    io2.kmsKeyId = this.kmsKey(region, DEFAULT_ACCOUNT);
    io2.snapshotId = this.snapshotFor(image, io2, createdMs);
    const st1: EmuEbs = { deleteOnTermination: true, volumeSize: 1000, volumeType: 'st1', encrypted: false };
    st1.snapshotId = this.snapshotFor(image, st1, createdMs);
    image.blockDeviceMappings = [
      { deviceName: '/dev/sda1', ebs: orderEbs(root) },
      { deviceName: '/dev/sdb', ebs: orderEbs(io2) },
      { deviceName: '/dev/sdc', ebs: orderEbs(st1) },
      { deviceName: '/dev/sdd', virtualName: 'ephemeral0' },
      { deviceName: '/dev/sde', virtualName: 'ephemeral1' },
      { deviceName: '/dev/sdf', noDevice: '' },
    ];
    return image;
  }

  /** Images whose name, description and tags are attacker-controlled strings. */
  private hostile(region: string, i: number, which: number): EmuImage {
    const names = [FIXTURE_NAMES.hostileMarkup, FIXTURE_NAMES.hostileShell, FIXTURE_NAMES.hostileLink];
    const descriptions = [
      '<script>alert(document.cookie)</script> & "quotes" \'apostrophes\'',
      'javascript:alert(1) ${HOME} $(whoami) `id`',
      `\u202Etxt.exe ${HOSTILE_STRINGS[8]} ${HOSTILE_STRINGS[9]}`,
    ];
    const createdMs = BASE_DATE - (50 + which) * DAY - i * 1000;
    const image: EmuImage = {
      imageId: this.newId('ami'),
      region,
      ownerId: DEFAULT_ACCOUNT,
      name: names[which] as string,
      description: descriptions[which] as string,
      state: 'available',
      creationDate: iso(createdMs),
      architecture: 'x86_64',
      platformDetails: 'Linux/UNIX',
      usageOperation: 'RunInstances',
      imageType: 'machine',
      imageLocation: `${DEFAULT_ACCOUNT}/${names[which] as string}`,
      virtualizationType: 'hvm',
      hypervisor: 'xen',
      enaSupport: true,
      sriovNetSupport: 'simple',
      bootMode: 'legacy-bios',
      rootDeviceName: '/dev/xvda',
      rootDeviceType: 'ebs',
      deregistrationProtection: 'disabled',
      productCodes: [],
      tags: [
        { key: 'Name', value: names[which] as string },
        { key: 'Environment', value: HOSTILE_STRINGS[(which * 3) % HOSTILE_STRINGS.length] as string },
        { key: '<b>key</b>&"\'', value: HOSTILE_STRINGS[(which * 3 + 1) % HOSTILE_STRINGS.length] as string },
        { key: 'Team', value: HOSTILE_STRINGS[(which * 3 + 2) % HOSTILE_STRINGS.length] as string },
        // The link-shaped fixture also carries a `javascript:` URL as a whole tag value.
        ...(names[which] === FIXTURE_NAMES.hostileLink ? [{ key: 'Homepage', value: 'javascript:alert(1)' }] : []),
      ],
      blockDeviceMappings: [],
      launchPermissions: [],
    };
    image.blockDeviceMappings.push(this.rootMapping(image, createdMs, 8, 8, 0));
    return image;
  }

  private generatedIn(region: string): EmuImage[] {
    let list = this.generated.get(region);
    if (!list) {
      list = [];
      this.generated.set(region, list);
    }
    return list;
  }

  /**
   * Makes some generated images copies of older ones (sourceImageId/sourceImageRegion), in the same
   * region or another, so ancestry chains of depth 2-3 (sometimes more) exist, some rooted at a
   * public Amazon image.
   */
  linkAncestry(regions: string[]): void {
    const r = this.rng.fork(`ancestry-${this.seed}`);
    const depth = new Map<string, number>();
    const sorted = new Map<string, EmuImage[]>();
    for (const region of regions) {
      const keyed = (this.generated.get(region) ?? []).map((im) => ({ t: Date.parse(im.creationDate), im }));
      keyed.sort((a, b) => a.t - b.t);
      sorted.set(region, keyed.map((k) => k.im));
    }
    for (const region of regions) {
      const list = sorted.get(region) as EmuImage[];
      const amazonRoots = this.store.images(region).filter((im) => im.ownerAlias === 'amazon' && im.platform === undefined);
      for (let i = 0; i < list.length; i++) {
        const image = list[i] as EmuImage;
        if (image.name === FIXTURE_NAMES.kitchenSink || !r.chance(0.35)) continue;
        let source: EmuImage | undefined;
        if (i > 0 && r.chance(0.75)) {
          source = list[r.int(Math.max(0, i - 50), i - 1)];
        } else if (regions.length > 1 && r.chance(0.7)) {
          const other = sorted.get(r.pick(regions.filter((x) => x !== region))) as EmuImage[];
          const older = upperBound(other, image.creationDate);
          if (older > 0) source = other[r.int(Math.max(0, older - 50), older - 1)];
        } else if (amazonRoots.length > 0) {
          source = r.pick(amazonRoots);
        }
        if (!source || source === image) continue;
        const d = (depth.get(source.imageId) ?? 1) + 1;
        if (d > 4) continue;
        depth.set(image.imageId, d);
        image.sourceImageId = source.imageId;
        image.sourceImageRegion = source.region;
      }
    }
    // The kitchen-sink image is always a cross-region copy, so its ancestry is never trivial.
    for (const region of regions) {
      const sink = (this.generated.get(region) ?? []).find((im) => im.name === FIXTURE_NAMES.kitchenSink);
      const otherRegion = regions.find((x) => x !== region) ?? region;
      const candidates = (sorted.get(otherRegion) ?? []).filter((im) => im !== sink && im.name !== FIXTURE_NAMES.kitchenSink && im.sourceImageId);
      if (sink && candidates.length > 0) {
        const src = candidates[0] as EmuImage;
        sink.sourceImageId = src.imageId;
        sink.sourceImageRegion = src.region;
      }
    }
  }
}

/** A bijection on 32-bit integers (xorshift-multiply steps are each invertible). */
function scramble32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** Index of the first image created after `date` in a list sorted by creation date. */
function upperBound(list: EmuImage[], date: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as EmuImage).creationDate <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keeps EBS fields in the SDK's member order so XML output reads like EC2's. */
function orderEbs(e: EmuEbs): EmuEbs {
  const out: EmuEbs = {};
  if (e.deleteOnTermination !== undefined) out.deleteOnTermination = e.deleteOnTermination;
  if (e.iops !== undefined) out.iops = e.iops;
  if (e.snapshotId !== undefined) out.snapshotId = e.snapshotId;
  if (e.volumeSize !== undefined) out.volumeSize = e.volumeSize;
  if (e.volumeType !== undefined) out.volumeType = e.volumeType;
  if (e.kmsKeyId !== undefined) out.kmsKeyId = e.kmsKeyId;
  if (e.throughput !== undefined) out.throughput = e.throughput;
  if (e.outpostArn !== undefined) out.outpostArn = e.outpostArn;
  if (e.availabilityZone !== undefined) out.availabilityZone = e.availabilityZone;
  if (e.encrypted !== undefined) out.encrypted = e.encrypted;
  if (e.volumeInitializationRate !== undefined) out.volumeInitializationRate = e.volumeInitializationRate;
  if (e.availabilityZoneId !== undefined) out.availabilityZoneId = e.availabilityZoneId;
  if (e.ebsCardIndex !== undefined) out.ebsCardIndex = e.ebsCardIndex;
  return out;
}

/** A base64 blob standing in for a UEFI variable store. */
function uefiBlob(r: Prng): string {
  const bytes = Buffer.alloc(48);
  for (let i = 0; i < bytes.length; i++) bytes[i] = r.int(0, 255);
  return `QU1aTlVFRkk${bytes.toString('base64')}`;
}
