/**
 * Launching, pure: which types can run an image and their order, the form's defaults and
 * validation (every refusal), the RunInstances request, where an error belongs on the form, key
 * pairs, the SSH command (run through a real shell), console links, remembered choices and the
 * request fingerprint.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { BlockDevice } from '../../../src/model/image';
import {
  LAUNCH_COUNT_MAX,
  USER_DATA_MAX_BYTES,
  guessedKeyFile,
  guessedKeyFileText,
  userDataSizeProblem,
  addedVolume,
  base64Utf8,
  buildLaunchRequest,
  compareTypeNames,
  compatibleTypes,
  defaultBootMode,
  defaultForm,
  defaultInstanceType,
  defaultInstanceTypeOf,
  defaultsKey,
  fieldForError,
  freeDeviceName,
  initialVolumes,
  instanceConsoleUrl,
  keyPairNameProblem,
  keyTypeFor,
  launchSummary,
  marketplaceUrl,
  rememberedFrom,
  requestFingerprint,
  shellQuote,
  sshCommand,
  sshUser,
  typeCompatibility,
  typeLabel,
  userDataBytes,
  validateLaunchForm,
  withSubnet,
  type FieldProblem,
  type InstanceTypeInfo,
  type LaunchDefaults,
  type LaunchForm,
  type LaunchImage,
  type LaunchRequest,
  type VolumeChoice,
} from '../../../src/model/launch';

const ROOT: BlockDevice = { deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: 'snap-0root', volumeSize: 8, volumeType: 'gp3', iops: 3000, throughput: 125, encrypted: false, deleteOnTermination: true } };
const DATA: BlockDevice = { deviceName: '/dev/sdb', kind: 'ebs', ebs: { snapshotId: 'snap-0data', volumeSize: 20, volumeType: 'gp2', iops: 100, encrypted: true, deleteOnTermination: false } };
const EPHEMERAL: BlockDevice = { deviceName: '/dev/sdc', kind: 'ephemeral', virtualName: 'ephemeral0' };
const SUPPRESSED: BlockDevice = { deviceName: '/dev/sdd', kind: 'noDevice', noDevice: '' };

function image(extra: Partial<LaunchImage> = {}): LaunchImage {
  return {
    imageId: 'ami-0123456789abcdef0',
    region: 'eu-west-1',
    name: 'al2023-ami-2023.6.20250101.0-kernel-6.1-x86_64',
    description: 'Amazon Linux 2023 AMI',
    architecture: 'x86_64',
    bootMode: 'uefi-preferred',
    virtualizationType: 'hvm',
    enaSupport: true,
    platformDetails: 'Linux/UNIX',
    rootDeviceName: '/dev/xvda',
    blockDeviceMappings: [ROOT],
    productCodes: [],
    ownerAlias: 'amazon',
    ...extra,
  };
}

function type(name: string, extra: Partial<InstanceTypeInfo> = {}): InstanceTypeInfo {
  return {
    instanceType: name,
    architectures: ['x86_64'],
    bootModes: ['legacy-bios', 'uefi'],
    virtualizationTypes: ['hvm'],
    enaSupport: 'required',
    vCpus: 2,
    memoryMiB: 1024,
    currentGeneration: true,
    freeTierEligible: false,
    ...extra,
  };
}

const T3_MICRO = type('t3.micro', { freeTierEligible: true });
const T4G_MICRO = type('t4g.micro', { architectures: ['arm64'], bootModes: ['uefi'], freeTierEligible: true });
const T2_MICRO = type('t2.micro', { architectures: ['i386', 'x86_64'], bootModes: ['legacy-bios'], enaSupport: 'unsupported', memoryMiB: 1024 });
const M1_SMALL = type('m1.small', { architectures: ['i386', 'x86_64'], bootModes: ['legacy-bios'], virtualizationTypes: ['hvm', 'paravirtual'], enaSupport: 'unsupported', vCpus: 1, memoryMiB: 1740, currentGeneration: false });
const MAC1 = type('mac1.metal', { architectures: ['x86_64_mac'], bootModes: ['legacy-bios', 'uefi'], vCpus: 12, memoryMiB: 32768 });
const MAC2 = type('mac2.metal', { architectures: ['arm64_mac'], bootModes: ['uefi'], vCpus: 12, memoryMiB: 16384 });

/** A form that passes every check for image(). */
function form(extra: Partial<LaunchForm> = {}): LaunchForm {
  return {
    instanceType: 't3.micro',
    count: 1,
    name: 'web',
    tags: [{ key: 'team', value: 'platform' }],
    keyName: 'my-key',
    vpcId: 'vpc-1',
    subnetId: 'subnet-1',
    securityGroupIds: ['sg-1'],
    publicIp: 'subnetDefault',
    volumes: initialVolumes(image()),
    imdsV2Required: true,
    ...extra,
  };
}

function volume(extra: Partial<VolumeChoice> = {}): VolumeChoice {
  return { ...initialVolumes(image())[0], ...extra };
}

/** The problems of a form, as [field, index, message] for compact comparison. */
function problems(f: LaunchForm, img: LaunchImage = image(), context?: Parameters<typeof validateLaunchForm>[2]): FieldProblem[] {
  return validateLaunchForm(img, f, context);
}

function only(list: FieldProblem[], field: FieldProblem['field'], index?: number): FieldProblem {
  assert.equal(list.length, 1, `one problem expected, got ${JSON.stringify(list)}`);
  assert.equal(list[0].field, field);
  assert.equal(list[0].index, index);
  return list[0];
}

describe('model/launch', () => {
  describe('type compatibility', () => {
    it('needs the architecture among the type’s, and says so in one sentence', () => {
      assert.deepEqual(typeCompatibility(image(), T4G_MICRO), { ok: false, reason: 't4g.micro is arm64; this image is x86_64.' });
      assert.deepEqual(typeCompatibility(image({ architecture: 'arm64', bootMode: undefined }), T3_MICRO), { ok: false, reason: 't3.micro is x86_64; this image is arm64.' });
      assert.deepEqual(typeCompatibility(image({ architecture: 'arm64', bootMode: undefined }), T4G_MICRO), { ok: true });
      assert.deepEqual(typeCompatibility(image({ architecture: 'i386', bootMode: undefined, enaSupport: false }), T2_MICRO), { ok: true });
      assert.equal(typeCompatibility(image({ architecture: 'i386', bootMode: undefined }), T3_MICRO).ok, false);
    });

    it('runs mac images only on mac types, and nothing else on them', () => {
      assert.equal(typeCompatibility(image({ architecture: 'x86_64_mac' }), MAC1).ok, true);
      assert.equal(typeCompatibility(image({ architecture: 'x86_64_mac' }), T3_MICRO).ok, false);
      assert.equal(typeCompatibility(image({ architecture: 'arm64_mac' }), MAC2).ok, true);
      assert.equal(typeCompatibility(image({ architecture: 'arm64_mac' }), MAC1).ok, false);
      assert.equal(typeCompatibility(image(), MAC1).ok, false, 'an x86_64 image does not run on mac1');
      assert.equal(typeCompatibility(image({ architecture: 'arm64' }), MAC2).ok, false);
    });

    it('matches boot modes: uefi, legacy-bios, uefi-preferred on both', () => {
      const legacyOnly = type('c4.large', { bootModes: ['legacy-bios'] });
      const uefiOnly = type('x.large', { bootModes: ['uefi'] });
      const both = type('m6i.large');
      const check = (bootMode: string | undefined, t: InstanceTypeInfo) => typeCompatibility(image({ bootMode }), t).ok;
      assert.deepEqual([check('uefi', legacyOnly), check('uefi', uefiOnly), check('uefi', both)], [false, true, true]);
      assert.deepEqual([check('legacy-bios', legacyOnly), check('legacy-bios', uefiOnly), check('legacy-bios', both)], [true, false, true]);
      assert.deepEqual([check('uefi-preferred', legacyOnly), check('uefi-preferred', uefiOnly), check('uefi-preferred', both)], [true, true, true]);
      assert.deepEqual(typeCompatibility(image({ bootMode: 'uefi' }), legacyOnly), { ok: false, reason: 'c4.large boots legacy BIOS only; this image needs UEFI.' });
    });

    it('gives an image without a boot mode the type’s default: UEFI on arm64, legacy BIOS on x86', () => {
      assert.equal(defaultBootMode('arm64'), 'uefi');
      assert.equal(defaultBootMode('x86_64'), 'legacy-bios');
      assert.equal(defaultBootMode('i386'), 'legacy-bios');
      const armLegacy = type('a1.large', { architectures: ['arm64'], bootModes: ['legacy-bios'] });
      const x86Uefi = type('x.large', { bootModes: ['uefi'] });
      assert.equal(typeCompatibility(image({ architecture: 'arm64', bootMode: undefined }), T4G_MICRO).ok, true);
      assert.deepEqual(typeCompatibility(image({ architecture: 'arm64', bootMode: undefined }), armLegacy), {
        ok: false,
        reason: 'a1.large boots legacy BIOS only; this arm64 image sets no boot mode, so it needs UEFI.',
      });
      assert.deepEqual(typeCompatibility(image({ bootMode: undefined }), x86Uefi), {
        ok: false,
        reason: 'x.large boots UEFI only; this x86_64 image sets no boot mode, so it needs legacy BIOS.',
      });
      assert.equal(typeCompatibility(image({ bootMode: undefined }), type('m6i.large')).ok, true);
    });

    it('does not exclude a type whose boot modes EC2 did not give', () => {
      const unknown = type('z.large', { bootModes: [] });
      assert.equal(typeCompatibility(image({ bootMode: 'uefi' }), unknown).ok, true);
      assert.equal(typeCompatibility(image({ bootMode: 'legacy-bios' }), unknown).ok, true);
    });

    it('needs the virtualization type (absent = hvm)', () => {
      assert.deepEqual(typeCompatibility(image({ virtualizationType: 'paravirtual', bootMode: undefined }), T2_MICRO), {
        ok: false,
        reason: 't2.micro supports hvm virtualization only; this image is paravirtual.',
      });
      assert.equal(typeCompatibility(image({ virtualizationType: 'paravirtual', bootMode: undefined }), M1_SMALL).ok, true);
      assert.equal(typeCompatibility(image({ virtualizationType: undefined }), T3_MICRO).ok, true);
      assert.equal(typeCompatibility(image({ virtualizationType: undefined }), type('p.large', { virtualizationTypes: ['paravirtual'] })).ok, false);
    });

    it('takes types that require ENA only for images with ENA enabled', () => {
      assert.deepEqual(typeCompatibility(image({ enaSupport: false }), T3_MICRO), {
        ok: false,
        reason: 't3.micro requires ENA (enhanced networking); this image does not have ENA enabled.',
      });
      assert.equal(typeCompatibility(image({ enaSupport: undefined }), T3_MICRO).ok, false);
      assert.equal(typeCompatibility(image({ enaSupport: true }), T3_MICRO).ok, true);
      assert.equal(typeCompatibility(image({ enaSupport: false }), type('m4.large', { enaSupport: 'supported' })).ok, true);
      assert.equal(typeCompatibility(image({ enaSupport: false, bootMode: undefined }), T2_MICRO).ok, true);
    });

    it('orders sizes naturally within a family, not alphabetically', () => {
      const shuffled = ['t3.2xlarge', 't3.large', 't3.micro', 't3.xlarge', 't3.medium', 't3.small', 't3.nano', 'm5.metal', 'm5.24xlarge', 'm5.4xlarge', 'm5.large'];
      assert.deepEqual([...shuffled].sort(compareTypeNames), ['m5.large', 'm5.4xlarge', 'm5.24xlarge', 'm5.metal', 't3.nano', 't3.micro', 't3.small', 't3.medium', 't3.large', 't3.xlarge', 't3.2xlarge']);
      assert.ok(compareTypeNames('c5.large', 'c5a.large') < 0);
      assert.ok(compareTypeNames('m5.12xlarge', 'm5.2xlarge') > 0);
    });

    it('lists only compatible types: current generation first, then vCPUs, memory and name', () => {
      const types = [
        type('t3.large', { vCpus: 2, memoryMiB: 8192 }),
        M1_SMALL,
        T4G_MICRO,
        type('c5.xlarge', { vCpus: 4, memoryMiB: 8192 }),
        type('t3.small', { vCpus: 2, memoryMiB: 2048 }),
        T3_MICRO,
        type('t3a.micro', { vCpus: 2, memoryMiB: 1024 }),
        type('m5.xlarge', { vCpus: 4, memoryMiB: 16384 }),
        type('t2.nano', { architectures: ['x86_64'], vCpus: 1, memoryMiB: 512, currentGeneration: false, bootModes: ['legacy-bios'] }),
      ];
      const img = image({ bootMode: undefined });
      assert.deepEqual(
        compatibleTypes(img, types).map((t) => t.instanceType),
        ['t3.micro', 't3a.micro', 't3.small', 't3.large', 'c5.xlarge', 'm5.xlarge', 't2.nano', 'm1.small'],
      );
      assert.equal(types[0].instanceType, 't3.large', 'the input list is left as it was');
    });

    it('labels a type with vCPUs, memory, free tier and previous generation', () => {
      assert.equal(typeLabel(T3_MICRO), 't3.micro · 2 vCPU · 1 GiB · free tier');
      assert.equal(typeLabel(M1_SMALL), 'm1.small · 1 vCPU · 1.7 GiB · previous generation');
      assert.equal(typeLabel(type('t3.nano', { memoryMiB: 512 })), 't3.nano · 2 vCPU · 0.5 GiB');
      assert.equal(typeLabel(type('m3.medium', { vCpus: 1, memoryMiB: 3840 })), 'm3.medium · 1 vCPU · 3.75 GiB');
      assert.equal(typeLabel(type('x.y', { vCpus: undefined, memoryMiB: undefined })), 'x.y');
    });
  });

  describe('volumes', () => {
    it('makes one row per EBS mapping, with the snapshot size as the minimum', () => {
      const rows = initialVolumes(image({ blockDeviceMappings: [ROOT, EPHEMERAL, DATA, SUPPRESSED] }));
      assert.deepEqual(rows, [
        { deviceName: '/dev/xvda', snapshotId: 'snap-0root', minSizeGiB: 8, sizeGiB: 8, volumeType: 'gp3', iops: 3000, throughput: 125, encrypted: false, deleteOnTermination: true },
        // gp2 reports a baseline IOPS, which is no setting: left out.
        { deviceName: '/dev/sdb', snapshotId: 'snap-0data', minSizeGiB: 20, sizeGiB: 20, volumeType: 'gp2', encrypted: true, deleteOnTermination: false },
      ]);
    });

    it('fills in gp3 and delete-on-termination when the mapping does not say, and keeps io1 IOPS', () => {
      const rows = initialVolumes(
        image({
          blockDeviceMappings: [
            { deviceName: '/dev/sda1', kind: 'ebs', ebs: { snapshotId: 'snap-1', volumeSize: 30 } },
            { deviceName: '/dev/sdf', kind: 'ebs', ebs: { snapshotId: 'snap-2', volumeSize: 100, volumeType: 'io1', iops: 1000, throughput: 500 } },
          ],
        }),
      );
      assert.deepEqual(rows, [
        { deviceName: '/dev/sda1', snapshotId: 'snap-1', minSizeGiB: 30, sizeGiB: 30, volumeType: 'gp3', encrypted: false, deleteOnTermination: true },
        { deviceName: '/dev/sdf', snapshotId: 'snap-2', minSizeGiB: 100, sizeGiB: 100, volumeType: 'io1', iops: 1000, encrypted: false, deleteOnTermination: true },
      ]);
      assert.deepEqual(initialVolumes(image({ blockDeviceMappings: [EPHEMERAL, SUPPRESSED] })), []);
    });

    it('offers the first free device for the added volume', () => {
      const img = image({ blockDeviceMappings: [ROOT, { ...DATA, deviceName: '/dev/sdf' }, { ...EPHEMERAL, deviceName: 'xvdg' }] });
      assert.equal(freeDeviceName(img, initialVolumes(img)), '/dev/sdh');
      const added = addedVolume(img, initialVolumes(img));
      assert.deepEqual(added, { deviceName: '/dev/sdh', sizeGiB: 8, volumeType: 'gp3', encrypted: false, deleteOnTermination: true, added: true });
      const full = 'fghijklmnop'.split('').map((c) => volume({ deviceName: `/dev/sd${c}`, snapshotId: undefined, added: true }));
      assert.equal(freeDeviceName(img, full), undefined);
      assert.equal(addedVolume(img, full), undefined);
    });
  });

  describe('default form', () => {
    it('starts empty with a small type for the architecture, IMDSv2 on and the AMI’s volumes', () => {
      assert.deepEqual(defaultForm(image()), {
        instanceType: 't3.micro',
        count: 1,
        name: '',
        tags: [],
        securityGroupIds: [],
        publicIp: 'subnetDefault',
        volumes: initialVolumes(image()),
        imdsV2Required: true,
      });
      assert.equal(defaultForm(image({ architecture: 'arm64' })).instanceType, 't4g.micro');
      assert.equal(defaultForm(image({ architecture: 'i386' })).instanceType, 't2.micro', 'the one rule snippets use too');
      assert.equal(defaultForm(image({ architecture: 'x86_64_mac' })).instanceType, 'mac1.metal');
      assert.equal(defaultForm(image({ architecture: 'arm64_mac' })).instanceType, defaultInstanceType('arm64_mac'));
    });

    it('picks the default type among the offered ones: the architecture’s when offered, else free tier, else the first', () => {
      const t = (instanceType: string, extra: Partial<InstanceTypeInfo> = {}): InstanceTypeInfo => type(instanceType, { freeTierEligible: false, ...extra });
      const offered = [t('t2.micro', { freeTierEligible: true, currentGeneration: false }), t('t3a.micro', { freeTierEligible: true }), t('t3.micro', { freeTierEligible: true }), t('m5.large')];
      assert.equal(defaultInstanceTypeOf(offered, 'x86_64'), 't3.micro');
      assert.equal(defaultInstanceTypeOf(offered), 't3a.micro', 'no architecture: the first free-tier current-generation type');
      assert.equal(defaultInstanceTypeOf(offered.slice(0, 1), 'x86_64'), 't2.micro', 'free tier, previous generation');
      assert.equal(defaultInstanceTypeOf([t('m5.large'), t('c5.large')], 'x86_64'), 'm5.large');
      assert.equal(defaultInstanceTypeOf([], 'x86_64'), undefined);
    });

    it('applies remembered choices, IMDSv2 off included', () => {
      const remembered: LaunchDefaults = {
        instanceType: 'm5.large',
        keyName: 'k',
        vpcId: 'vpc-9',
        subnetId: 'subnet-9',
        securityGroupIds: ['sg-9', 'sg-8'],
        publicIp: 'enable',
        imdsV2Required: false,
        iamInstanceProfile: 'role',
      };
      const f = defaultForm(image(), remembered);
      assert.deepEqual(f, {
        instanceType: 'm5.large',
        count: 1,
        name: '',
        tags: [],
        keyName: 'k',
        vpcId: 'vpc-9',
        subnetId: 'subnet-9',
        securityGroupIds: ['sg-9', 'sg-8'],
        publicIp: 'enable',
        volumes: initialVolumes(image()),
        imdsV2Required: false,
        iamInstanceProfile: 'role',
      });
      f.securityGroupIds.push('sg-x');
      assert.deepEqual(remembered.securityGroupIds, ['sg-9', 'sg-8'], 'the form does not share the remembered list');
    });
  });

  describe('validation', () => {
    it('needs a subnet in a VPC that is not the default one (without a subnet EC2 uses the default VPC)', () => {
      const vpcs = [
        { vpcId: 'vpc-1', isDefault: false },
        { vpcId: 'vpc-0default', isDefault: true },
      ];
      const none = form({ vpcId: 'vpc-1', subnetId: undefined, securityGroupIds: [] });
      const p = only(problems(none, image(), { vpcs }), 'subnet');
      assert.match(p.message, /Choose a subnet of vpc-1: without one, EC2 launches into the default VPC/);
      assert.deepEqual(problems(form({ vpcId: 'vpc-0default', subnetId: undefined, securityGroupIds: [] }), image(), { vpcs }), [], 'the default VPC may leave it to EC2');
      assert.deepEqual(problems(form({ vpcId: undefined, subnetId: undefined, securityGroupIds: [] }), image(), { vpcs }), [], 'no VPC chosen: EC2 picks');
      assert.deepEqual(problems(form({ vpcId: 'vpc-1' }), image(), { vpcs }), [], 'a subnet chosen');
      only(problems(form({ vpcId: 'vpc-gone', subnetId: undefined, securityGroupIds: [] }), image(), { vpcs }), 'subnet');
      assert.deepEqual(problems(none), [], 'without the VPCs the model cannot tell');
    });

    it('finds nothing wrong with a good form', () => {
      assert.deepEqual(problems(form()), []);
      assert.deepEqual(problems(form(), image(), { types: [T3_MICRO, T4G_MICRO] }), []);
      assert.deepEqual(problems(defaultForm(image())), [], 'the default form is valid');
    });

    it('needs an instance type the region offers and that can run the image', () => {
      assert.equal(only(problems(form({ instanceType: '' })), 'instanceType').message, 'Choose an instance type.');
      assert.equal(only(problems(form({ instanceType: 'z9.huge' }), image(), { types: [T3_MICRO] }), 'instanceType').message, 'z9.huge is not an instance type this region offers.');
      assert.equal(only(problems(form({ instanceType: 't4g.micro' }), image(), { types: [T3_MICRO, T4G_MICRO] }), 'instanceType').message, 't4g.micro is arm64; this image is x86_64.');
      assert.deepEqual(problems(form({ instanceType: 'z9.huge' })), [], 'without the list, any name is left to EC2');
    });

    it('takes a whole count from 1 to the maximum', () => {
      for (const count of [0, -1, 1.5, Number.NaN, LAUNCH_COUNT_MAX + 1]) {
        assert.equal(only(problems(form({ count })), 'count').message, `The count must be a whole number from 1 to ${LAUNCH_COUNT_MAX}.`, String(count));
      }
      assert.deepEqual(problems(form({ count: LAUNCH_COUNT_MAX })), []);
    });

    it('limits the Name to 256 characters (counted as characters, not UTF-16 units)', () => {
      assert.deepEqual(problems(form({ name: 'x'.repeat(256) })), []);
      assert.deepEqual(problems(form({ name: '😀'.repeat(256) })), []);
      assert.match(only(problems(form({ name: 'x'.repeat(257) })), 'name').message, /257 characters.*256/);
    });

    it('checks each tag row: key present, short, not aws:, value short', () => {
      const at = (tags: LaunchForm['tags']) => problems(form({ tags }));
      assert.equal(only(at([{ key: 'a', value: '' }, { key: ' ', value: 'v' }]), 'tags', 1).message, 'Enter a tag key.');
      assert.match(only(at([{ key: 'k'.repeat(129), value: '' }]), 'tags', 0).message, /129 characters.*128/);
      assert.deepEqual(at([{ key: 'k'.repeat(128), value: 'v'.repeat(256) }]), []);
      assert.match(only(at([{ key: 'aws:cloudformation:stack', value: '' }]), 'tags', 0).message, /reserved for AWS/);
      assert.match(only(at([{ key: 'AwS:x', value: '' }]), 'tags', 0).message, /reserved for AWS/);
      assert.deepEqual(at([{ key: 'myaws:x', value: 'aws:y' }]), [], 'only a key prefix is reserved');
      assert.match(only(at([{ key: 'k', value: 'v'.repeat(257) }]), 'tags', 0).message, /257 characters.*256/);
    });

    it('refuses duplicate keys, the Name among the tags when the Name field is set', () => {
      const dup = problems(form({ tags: [{ key: 'env', value: 'a' }, { key: 'team', value: 'b' }, { key: 'env', value: 'c' }] }));
      assert.equal(only(dup, 'tags', 2).message, 'The key "env" is already used in row 1.');
      assert.deepEqual(problems(form({ tags: [{ key: 'env', value: 'a' }, { key: 'Env', value: 'b' }] })), [], 'keys are case-sensitive');
      assert.match(only(problems(form({ name: 'web', tags: [{ key: 'Name', value: 'other' }] })), 'tags', 0).message, /Name field/);
      assert.deepEqual(problems(form({ name: '', tags: [{ key: 'Name', value: 'other' }] })), [], 'a Name tag row is fine when the field is empty');
    });

    it('allows 50 tags per resource, the Name included', () => {
      const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: '' }));
      assert.deepEqual(problems(form({ name: 'web', tags: tags(49) })), []);
      assert.deepEqual(problems(form({ name: '', tags: tags(50) })), []);
      assert.match(only(problems(form({ name: 'web', tags: tags(50) })), 'tags').message, /51 tags.*50/);
      assert.match(only(problems(form({ name: '', tags: tags(51) })), 'tags').message, /51 tags/);
    });

    it('takes security groups only with a VPC or subnet, and from that VPC when the groups are known', () => {
      assert.match(only(problems(form({ vpcId: undefined, subnetId: undefined })), 'securityGroups').message, /VPC or subnet/);
      assert.deepEqual(problems(form({ vpcId: undefined, subnetId: undefined, securityGroupIds: [] })), [], 'no groups: the default group');
      assert.deepEqual(problems(form({ vpcId: 'vpc-1', subnetId: undefined })), []);
      const securityGroups = [
        { groupId: 'sg-1', groupName: 'a', vpcId: 'vpc-1' },
        { groupId: 'sg-2', groupName: 'b', vpcId: 'vpc-2' },
      ];
      assert.equal(only(problems(form({ securityGroupIds: ['sg-1', 'sg-2'] }), image(), { securityGroups }), 'securityGroups').message, 'sg-2 is not in vpc-1.');
      assert.deepEqual(problems(form({ securityGroupIds: ['sg-1'] }), image(), { securityGroups }), []);
    });

    it('refuses a known subnet of another VPC', () => {
      const subnets = [{ subnetId: 'subnet-1', vpcId: 'vpc-2', availabilityZone: 'eu-west-1a', defaultForAz: true }];
      assert.equal(only(problems(form({ securityGroupIds: [] }), image(), { subnets }), 'subnet').message, 'Subnet subnet-1 is in vpc-2, not in the chosen VPC vpc-1.');
    });

    it('needs a subnet to turn the public IP on or off', () => {
      for (const publicIp of ['enable', 'disable'] as const) {
        assert.equal(
          only(problems(form({ publicIp, subnetId: undefined })), 'publicIp').message,
          `Choose a subnet to turn the public IP address ${publicIp === 'enable' ? 'on' : 'off'} (EC2 takes that choice only together with a subnet).`,
        );
        assert.deepEqual(problems(form({ publicIp })), []);
      }
      assert.deepEqual(problems(form({ publicIp: 'subnetDefault', subnetId: undefined })), []);
    });

    describe('volumes', () => {
      const vol = (v: Partial<VolumeChoice>, img = image()) => problems(form({ volumes: [volume(v)] }), img);
      const data = (v: Partial<VolumeChoice>) => problems(form({ volumes: [volume(), { deviceName: '/dev/sdf', sizeGiB: 500, volumeType: 'gp3', encrypted: false, deleteOnTermination: true, added: true, ...v }] }));

      it('never below the snapshot size, whole GiB', () => {
        assert.equal(only(vol({ sizeGiB: 7 }), 'volumes', 0).message, "/dev/xvda: 7 GiB is smaller than the image's snapshot (8 GiB).");
        assert.match(only(vol({ sizeGiB: 7, minSizeGiB: undefined }), 'volumes', 0).message, /smaller than the image's snapshot/, 'the image’s mapping counts even when the row lost its minimum');
        assert.match(only(vol({ sizeGiB: 8.5 }), 'volumes', 0).message, /whole number of GiB/);
        assert.deepEqual(vol({ sizeGiB: 9 }), []);
      });

      it('within the size range of each volume type', () => {
        assert.match(only(data({ sizeGiB: 0 }), 'volumes', 1).message, /gp3 volumes are 1–65,536 GiB/);
        assert.deepEqual(data({ sizeGiB: 65_536 }), []);
        assert.match(only(data({ sizeGiB: 65_537 }), 'volumes', 1).message, /65,536/);
        assert.match(only(data({ volumeType: 'gp2', sizeGiB: 16_385 }), 'volumes', 1).message, /gp2 volumes are 1–16,384 GiB/);
        assert.match(only(data({ volumeType: 'io1', iops: 100, sizeGiB: 3 }), 'volumes', 1).message, /io1 volumes are 4–16,384 GiB/);
        assert.deepEqual(data({ volumeType: 'io2', iops: 100, sizeGiB: 65_536 }), []);
        assert.match(only(data({ volumeType: 'st1', sizeGiB: 124 }), 'volumes', 1).message, /st1 volumes are 125–16,384 GiB/);
        assert.match(only(data({ volumeType: 'sc1', sizeGiB: 16_385 }), 'volumes', 1).message, /sc1 volumes are 125–16,384 GiB/);
        assert.match(only(data({ volumeType: 'standard', sizeGiB: 1_025 }), 'volumes', 1).message, /standard volumes are 1–1,024 GiB/);
        assert.match(only(data({ volumeType: 'gp4' }), 'volumes', 1).message, /"gp4" is not an EBS volume type/);
      });

      it('st1 and sc1 cannot be the boot volume', () => {
        assert.match(only(vol({ volumeType: 'st1', sizeGiB: 125, iops: undefined, throughput: undefined }), 'volumes', 0).message, /cannot be the boot volume/);
        assert.deepEqual(data({ volumeType: 'st1', sizeGiB: 125 }), [], 'as a data volume it is fine');
      });

      it('IOPS per type: gp3 3,000–80,000 and 500 per GiB, io1 100–64,000 and 50 per GiB, io2 100–256,000 and 1,000 per GiB', () => {
        assert.match(only(data({ iops: 2_999 }), 'volumes', 1).message, /gp3 IOPS must be a whole number from 3,000 to 80,000/);
        assert.match(only(data({ iops: 80_001, sizeGiB: 1000 }), 'volumes', 1).message, /80,000/);
        assert.deepEqual(data({ iops: 80_000, sizeGiB: 160 }), []);
        assert.match(only(data({ iops: 5_000, sizeGiB: 8 }), 'volumes', 1).message, /more than 500 per GiB of a 8 GiB gp3 volume/);
        assert.deepEqual(data({ iops: 3_000, sizeGiB: 1 }), [], 'the 3,000 baseline holds at any size');
        assert.match(only(data({ volumeType: 'io1', iops: undefined }), 'volumes', 1).message, /io1 volumes need an IOPS value/);
        assert.match(only(data({ volumeType: 'io2', iops: undefined }), 'volumes', 1).message, /io2 volumes need an IOPS value/);
        assert.match(only(data({ volumeType: 'io1', iops: 99 }), 'volumes', 1).message, /from 100 to 64,000/);
        assert.match(only(data({ volumeType: 'io1', iops: 64_001, sizeGiB: 2000 }), 'volumes', 1).message, /64,000/);
        assert.match(only(data({ volumeType: 'io1', iops: 1_001, sizeGiB: 20 }), 'volumes', 1).message, /more than 50 per GiB/);
        assert.deepEqual(data({ volumeType: 'io1', iops: 1_000, sizeGiB: 20 }), []);
        assert.match(only(data({ volumeType: 'io2', iops: 256_001, sizeGiB: 300 }), 'volumes', 1).message, /256,000/);
        assert.match(only(data({ volumeType: 'io2', iops: 20_001, sizeGiB: 20 }), 'volumes', 1).message, /more than 1,000 per GiB/);
        assert.deepEqual(data({ volumeType: 'io2', iops: 256_000, sizeGiB: 256 }), []);
        for (const volumeType of ['gp2', 'st1', 'sc1', 'standard']) {
          assert.match(only(data({ volumeType, iops: 3000, sizeGiB: 500 }), 'volumes', 1).message, new RegExp(`${volumeType} volumes take no IOPS setting`));
        }
      });

      it('throughput on gp3 only, 125–2,000 MiB/s, at most 0.25 MiB/s per IOPS', () => {
        assert.match(only(data({ throughput: 124 }), 'volumes', 1).message, /from 125 to 2,000 MiB\/s/);
        assert.match(only(data({ throughput: 2_001, iops: 10_000 }), 'volumes', 1).message, /2,000/);
        assert.deepEqual(data({ throughput: 2_000, iops: 8_000 }), []);
        assert.deepEqual(data({ throughput: 750 }), [], '750 MiB/s fits the default 3,000 IOPS');
        assert.match(only(data({ throughput: 1_000 }), 'volumes', 1).message, /needs at least 4,000 IOPS/);
        assert.deepEqual(data({ throughput: 1_000, iops: 4_000 }), []);
        assert.match(only(data({ volumeType: 'io2', iops: 1000, throughput: 500 }), 'volumes', 1).message, /io2 volumes take no throughput setting/);
        assert.match(only(data({ volumeType: 'st1', throughput: 500 }), 'volumes', 1).message, /st1 volumes take no throughput setting/);
      });

      it('an encrypted AMI volume stays encrypted', () => {
        const img = image({ blockDeviceMappings: [ROOT, DATA] });
        const rows = initialVolumes(img);
        assert.deepEqual(problems(form({ volumes: rows }), img), []);
        assert.match(only(problems(form({ volumes: [rows[0], { ...rows[1], encrypted: false }] }), img), 'volumes', 1).message, /snapshot is encrypted/);
        assert.deepEqual(problems(form({ volumes: [{ ...rows[0], encrypted: true }, rows[1]] }), img), [], 'encrypting an unencrypted one is fine');
      });

      it('at most one added volume, on a device nothing else uses', () => {
        const added = (deviceName: string): VolumeChoice => ({ deviceName, sizeGiB: 10, volumeType: 'gp3', encrypted: false, deleteOnTermination: true, added: true });
        assert.equal(only(problems(form({ volumes: [volume(), added('/dev/sdf'), added('/dev/sdg')] })), 'volumes', 2).message, 'Only one empty volume can be added.');
        assert.match(only(problems(form({ volumes: [volume(), added('/dev/xvda')] })), 'volumes', 1).message, /already used by the image/);
        const withEphemeral = image({ blockDeviceMappings: [ROOT, { ...EPHEMERAL, deviceName: '/dev/sdf' }] });
        assert.match(only(problems(form({ volumes: [volume(), added('xvdf')] }), withEphemeral), 'volumes', 1).message, /already used by the image/);
        assert.match(only(problems(form({ volumes: [volume(), added('/dev/sd f')] })), 'volumes', 1).message, /not a device name/);
        assert.match(only(problems(form({ volumes: [volume(), added('')] })), 'volumes', 1).message, /not a device name/);
        assert.match(only(problems(form({ volumes: [volume(), volume()] })), 'volumes', 1).message, /used by another volume/);
      });
    });

    it('checks the IAM instance profile name against IAM’s pattern', () => {
      assert.deepEqual(problems(form({ iamInstanceProfile: 'My_Role+x=y,z.a@b-c' })), []);
      assert.deepEqual(problems(form({ iamInstanceProfile: '' })), []);
      assert.deepEqual(problems(form({ iamInstanceProfile: 'r'.repeat(128) })), []);
      for (const bad of ['my role', 'r'.repeat(129), 'role/path', 'rôle']) {
        assert.match(only(problems(form({ iamInstanceProfile: bad })), 'iamInstanceProfile').message, /1–128 letters/, bad);
      }
    });

    it('one text for user data over 16 KB, for the form and for a file (userDataSizeProblem)', () => {
      assert.equal(userDataSizeProblem(16 * 1024), undefined);
      assert.equal(userDataSizeProblem(20 * 1024, 'big.sh'), 'big.sh is 20 KB (20,480 bytes); EC2 takes at most 16 KB (16,384 bytes) of user data before base64.');
    });

    it('a guessed key file is ~/.ssh/<key>.pem and is said to be a guess', () => {
      assert.equal(guessedKeyFile('ops key'), '~/.ssh/ops key.pem');
      assert.match(guessedKeyFileText(guessedKeyFile('ops'), 'ops'), /^The key file ~\/\.ssh\/ops\.pem is a guess: the private key of ops was not saved from here\./);
    });

    it('limits user data to 16 KB of raw UTF-8 bytes and names both sizes', () => {
      assert.deepEqual(problems(form({ userData: 'x'.repeat(USER_DATA_MAX_BYTES) })), []);
      assert.equal(
        only(problems(form({ userData: 'x'.repeat(USER_DATA_MAX_BYTES + 1) })), 'userData').message,
        'User data is 16.0 KB (16,385 bytes); EC2 takes at most 16 KB (16,384 bytes) of user data before base64.',
      );
      // 8,193 characters, 16,386 bytes: the limit is on bytes.
      assert.match(only(problems(form({ userData: 'é'.repeat(8_193) })), 'userData').message, /16,386 bytes/);
      assert.equal(USER_DATA_MAX_BYTES, 16_384);
    });

    it('reports every problem of a bad form at once', () => {
      const list = problems(form({ instanceType: '', count: 0, tags: [{ key: '', value: '' }], publicIp: 'enable', subnetId: undefined, iamInstanceProfile: 'a b', userData: 'x'.repeat(20_000) }));
      assert.deepEqual(
        list.map((p) => p.field),
        ['instanceType', 'count', 'tags', 'publicIp', 'iamInstanceProfile', 'userData'],
      );
    });
  });

  it('counts user data in UTF-8 bytes', () => {
    assert.deepEqual(['', 'a', 'é', '€', '😀', 'a\r\n'].map(userDataBytes), [0, 1, 2, 3, 4, 3]);
  });

  describe('request', () => {
    it('builds the RunInstances input from a form', () => {
      const img = image({ blockDeviceMappings: [ROOT, DATA, EPHEMERAL] });
      const volumes = initialVolumes(img);
      volumes[0].sizeGiB = 16;
      volumes.push({ deviceName: '/dev/sdf', sizeGiB: 100, volumeType: 'io2', iops: 5000, encrypted: true, deleteOnTermination: false, added: true });
      const request = buildLaunchRequest(img, form({ count: 3, volumes, userData: '#!/bin/bash\necho hi\n', iamInstanceProfile: 'web-role' }));
      const tags = [
        { Key: 'Name', Value: 'web' },
        { Key: 'team', Value: 'platform' },
      ];
      assert.deepEqual(request, {
        ImageId: 'ami-0123456789abcdef0',
        InstanceType: 't3.micro',
        MinCount: 3,
        MaxCount: 3,
        KeyName: 'my-key',
        SubnetId: 'subnet-1',
        SecurityGroupIds: ['sg-1'],
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 16, VolumeType: 'gp3', Iops: 3000, Throughput: 125, DeleteOnTermination: true } },
          { DeviceName: '/dev/sdb', Ebs: { VolumeSize: 20, VolumeType: 'gp2', DeleteOnTermination: false, Encrypted: true } },
          { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 100, VolumeType: 'io2', Iops: 5000, DeleteOnTermination: false, Encrypted: true } },
        ],
        TagSpecifications: [
          { ResourceType: 'instance', Tags: tags },
          { ResourceType: 'volume', Tags: tags },
        ],
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
        IamInstanceProfile: { Name: 'web-role' },
        UserData: Buffer.from('#!/bin/bash\necho hi\n', 'utf8').toString('base64'),
      });
      assert.ok(!('DryRun' in request) && !('ClientToken' in request), 'the service layer adds DryRun and ClientToken');
    });

    it('puts the public IP choice on a network interface with the subnet and groups, and nothing at the top', () => {
      for (const [publicIp, associate] of [['enable', true], ['disable', false]] as const) {
        const request = buildLaunchRequest(image(), form({ publicIp, securityGroupIds: ['sg-1', 'sg-2', 'sg-1'] }));
        assert.deepEqual(request.NetworkInterfaces, [{ DeviceIndex: 0, SubnetId: 'subnet-1', Groups: ['sg-1', 'sg-2'], AssociatePublicIpAddress: associate }]);
        assert.equal(request.SubnetId, undefined);
        assert.equal(request.SecurityGroupIds, undefined);
        assert.ok(!('SubnetId' in request) && !('SecurityGroupIds' in request));
      }
      const none = buildLaunchRequest(image(), form({ subnetId: undefined, vpcId: undefined, securityGroupIds: [] }));
      assert.ok(!('SubnetId' in none) && !('SecurityGroupIds' in none) && !('NetworkInterfaces' in none));
      const noGroups = buildLaunchRequest(image(), form({ publicIp: 'enable', securityGroupIds: [] }));
      assert.deepEqual(noGroups.NetworkInterfaces, [{ DeviceIndex: 0, SubnetId: 'subnet-1', AssociatePublicIpAddress: true }]);
      const noSubnet = buildLaunchRequest(image(), form({ publicIp: 'disable', subnetId: undefined, securityGroupIds: [] }));
      assert.deepEqual(noSubnet.NetworkInterfaces, [{ DeviceIndex: 0, AssociatePublicIpAddress: false }], 'no empty members');
    });

    it('sends IOPS and throughput only where the volume type takes them, Encrypted only when true, no AMI snapshot ids', () => {
      const volumes: VolumeChoice[] = [
        volume({ volumeType: 'gp2', iops: 3000, throughput: 250, encrypted: false }),
        { deviceName: '/dev/sdf', sizeGiB: 500, volumeType: 'st1', iops: 500, throughput: 250, encrypted: false, deleteOnTermination: true, added: true },
      ];
      const mappings = buildLaunchRequest(image(), form({ volumes })).BlockDeviceMappings;
      assert.deepEqual(mappings, [
        { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, VolumeType: 'gp2', DeleteOnTermination: true } },
        { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 500, VolumeType: 'st1', DeleteOnTermination: true } },
      ]);
      // No row names a snapshot: the AMI's rows take theirs from the AMI, the others are empty.
      const other = buildLaunchRequest(image(), form({ volumes: [volume(), { ...volume(), deviceName: '/dev/sdk', snapshotId: 'snap-9' }, { ...volume(), deviceName: '/dev/sdm', snapshotId: 'snap-8', added: true }] })).BlockDeviceMappings;
      assert.deepEqual(other?.map((m) => m.Ebs?.SnapshotId), [undefined, undefined, undefined]);
      assert.equal(buildLaunchRequest(image(), form({ volumes: [] })).BlockDeviceMappings, undefined);
    });

    it('tags instances and volumes only when there are tags', () => {
      assert.equal(buildLaunchRequest(image(), form({ name: '', tags: [] })).TagSpecifications, undefined);
      assert.equal(buildLaunchRequest(image(), form({ name: '   ', tags: [] })).TagSpecifications, undefined, 'a blank name is no Name tag');
      assert.deepEqual(buildLaunchRequest(image(), form({ name: 'x', tags: [] })).TagSpecifications, [
        { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'x' }] },
        { ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'x' }] },
      ]);
      assert.deepEqual(buildLaunchRequest(image(), form({ name: '', tags: [{ key: 'a', value: '' }] })).TagSpecifications?.map((s) => s.Tags), [[{ Key: 'a', Value: '' }], [{ Key: 'a', Value: '' }]]);
    });

    it('sets IMDS tokens, and leaves out the key pair, profile and user data when not chosen', () => {
      const request = buildLaunchRequest(image(), form({ imdsV2Required: false, keyName: undefined, iamInstanceProfile: '', userData: '' }));
      assert.deepEqual(request.MetadataOptions, { HttpTokens: 'optional', HttpEndpoint: 'enabled' });
      assert.ok(!('KeyName' in request) && !('IamInstanceProfile' in request) && !('UserData' in request));
    });

    it('base64-encodes the UTF-8 bytes of the user data, as Node does', () => {
      for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'héllo wörld', '€😀\0\n', 'x'.repeat(1000), String.fromCodePoint(...Array.from({ length: 300 }, (_, i) => i * 7 + 1))]) {
        assert.equal(base64Utf8(text), Buffer.from(text, 'utf8').toString('base64'), JSON.stringify(text.slice(0, 20)));
      }
      assert.equal(buildLaunchRequest(image(), form({ userData: 'é' })).UserData, 'w6k=');
    });
  });

  describe('error fields', () => {
    const cases: [string | undefined, string, ReturnType<typeof fieldForError>][] = [
      ['InvalidSubnetID.NotFound', "The subnet ID 'subnet-1' does not exist", 'subnet'],
      ['InvalidSubnetID.Malformed', 'Invalid id', 'subnet'],
      ['InvalidGroup.NotFound', "The security group 'sg-1' does not exist in VPC 'vpc-1'", 'securityGroups'],
      ['InvalidGroupId.Malformed', 'Invalid id: "x"', 'securityGroups'],
      ['InvalidKeyPair.NotFound', "The key pair 'k' does not exist", 'keyName'],
      ['InvalidAMIID.NotFound', "The image id '[ami-1]' does not exist", 'image'],
      ['InvalidAMIID.Malformed', 'Invalid id', 'image'],
      ['OptInRequired', 'In order to use this AWS Marketplace product you need to accept terms and subscribe.', 'image'],
      ['AuthFailure', 'Not authorized for images: [ami-1] (AWS Marketplace subscription required)', 'image'],
      ['InvalidInstanceType', 'The instance type x is not valid', 'instanceType'],
      ['Unsupported', 'Your requested instance type (x) is not supported in your requested Availability Zone (eu-west-1c).', 'instanceType'],
      ['InsufficientInstanceCapacity', 'We currently do not have sufficient t3.micro capacity in the Availability Zone you requested.', 'instanceType'],
      ['InvalidParameterValue', "The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the specified AMI.", 'instanceType'],
      ['InvalidParameterValue', "The instance type 'c4.large' does not support the boot mode 'uefi' of the AMI.", 'instanceType'],
      ['InvalidParameterCombination', 'Virtualization type paravirtual is not supported for this instance type.', 'instanceType'],
      ['InvalidParameterCombination', "Enhanced networking with the Elastic Network Adapter (ENA) is required for the 't3.micro' instance type. Ensure that you are using an AMI that is enabled for ENA.", 'instanceType'],
      ['InstanceLimitExceeded', 'You have requested more instances (25) than your current instance limit of 20 allows.', 'count'],
      ['VcpuLimitExceeded', 'You have requested more vCPU capacity than your current vCPU limit of 32 allows.', 'count'],
      ['InvalidParameterValue', 'Value (0) for parameter MaxCount is invalid. Must be greater than 0.', 'count'],
      ['InvalidBlockDeviceMapping', "Volume of size 4GB is smaller than snapshot 'snap-1', expect size >= 8GB", 'volumes'],
      ['InvalidParameterValue', 'Invalid value for the block device mapping /dev/sdf.', 'volumes'],
      ['InvalidParameterCombination', 'The parameter iops is not supported for gp2 volumes.', 'volumes'],
      ['InvalidParameterValue', 'Throughput must be between 125 and 2000 MiB/s.', 'volumes'],
      ['InvalidParameterCombination', 'Network interfaces and an instance-level security groups may not be specified on the same request', 'publicIp'],
      ['InvalidParameterCombination', 'The parameter AssociatePublicIpAddress is only supported with a network interface.', 'publicIp'],
      ['InvalidParameterCombination', 'Could not launch the requested configuration.', undefined],
      ['InvalidParameterValue', 'Value (my role) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name', 'iamInstanceProfile'],
      ['InvalidParameterValue', 'Invalid IAM Instance Profile name', 'iamInstanceProfile'],
      ['InvalidParameterValue', 'User data is limited to 16384 bytes', 'userData'],
      ['InvalidUserData.Malformed', 'Invalid BASE64 encoding of user data.', 'userData'],
      ['InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist", 'vpc'],
      ['TagLimitExceeded', 'Too many tags.', 'tags'],
      ['InvalidParameterValue', "Tag key 'aws:x' is reserved.", 'tags'],
      ['UnauthorizedOperation', 'You are not authorized to perform this operation. User: x is not authorized to perform: ec2:RunInstances on resource: subnet/subnet-1', undefined],
      ['IdempotentParameterMismatch', 'The client token you have provided is associated with a resource that is already deleted.', undefined],
      ['RequestLimitExceeded', 'Request limit exceeded.', undefined],
      [undefined, 'Something happened.', undefined],
    ];
    for (const [code, message, field] of cases) {
      it(`${code ?? '(no code)'}: ${message.slice(0, 60)} → ${field ?? 'the top'}`, () => {
        assert.equal(fieldForError(code, message), field);
      });
    }
  });

  it('links the Marketplace page of a marketplace product code only', () => {
    assert.equal(marketplaceUrl(image({ productCodes: [{ productCodeId: 'abc123xyz', productCodeType: 'marketplace' }] })), 'https://aws.amazon.com/marketplace/pp?sku=abc123xyz');
    assert.equal(marketplaceUrl(image({ productCodes: [{ productCodeId: 'a b&c', productCodeType: 'marketplace' }] })), 'https://aws.amazon.com/marketplace/pp?sku=a%20b%26c');
    assert.equal(marketplaceUrl(image({ productCodes: [{ productCodeId: 'dp1', productCodeType: 'devpay' }] })), undefined);
    assert.equal(marketplaceUrl(image()), undefined);
  });

  describe('key pairs', () => {
    it('RSA for Windows images, ED25519 otherwise', () => {
      assert.equal(keyTypeFor(image({ platform: 'windows', platformDetails: 'Windows' })), 'rsa');
      assert.equal(keyTypeFor(image({ platform: undefined, platformDetails: 'Windows with SQL Server Standard' })), 'rsa');
      assert.equal(keyTypeFor(image()), 'ed25519');
      assert.equal(keyTypeFor(image({ platformDetails: 'Red Hat Enterprise Linux' })), 'ed25519');
    });

    it('refuses empty, long and non-ASCII names', () => {
      assert.equal(keyPairNameProblem(''), 'Enter a name for the key pair.');
      assert.equal(keyPairNameProblem('   '), 'Enter a name for the key pair.');
      assert.match(keyPairNameProblem('k'.repeat(256)) ?? '', /256 characters.*255/);
      assert.equal(keyPairNameProblem('k'.repeat(255)), undefined);
      for (const bad of ['clé', 'a\tb', 'a\nb', 'key😀', 'x\u007f']) assert.match(keyPairNameProblem(bad) ?? '', /printable ASCII/, JSON.stringify(bad));
      assert.equal(keyPairNameProblem('my key (2024) #1 ~!'), undefined);
    });
  });

  describe('SSH', () => {
    it('guesses the user from the platform, name or description', () => {
      const cases: [Partial<LaunchImage>, string | undefined][] = [
        [{ platform: 'windows', platformDetails: 'Windows', name: 'Windows_Server-2022-English-Full-Base' }, undefined],
        [{ platformDetails: 'Windows BYOL', name: 'ubuntu-like' }, undefined],
        [{ name: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250101', description: 'Canonical, Ubuntu, 24.04' }, 'ubuntu'],
        [{ name: 'debian-12-amd64-20250101-1980', description: 'Debian 12 (20250101-1980)' }, 'admin'],
        [{ name: 'al2023-ami-2023.6.20250101.0-kernel-6.1-x86_64', description: 'Amazon Linux 2023 AMI' }, 'ec2-user'],
        [{ name: 'amzn2-ami-kernel-5.10-hvm-2.0.20250101.0-x86_64-gp2', description: 'Amazon Linux 2 Kernel 5.10 AMI' }, 'ec2-user'],
        [{ name: 'RHEL-9.4.0_HVM-20240605-x86_64-82-Hourly2-GP3', platformDetails: 'Red Hat Enterprise Linux' }, 'ec2-user'],
        [{ name: 'suse-sles-15-sp6-v20250101-hvm-ssd-x86_64', platformDetails: 'SUSE Linux' }, 'ec2-user'],
        [{ name: 'Fedora-Cloud-Base-41-1.4.x86_64-hvm-us-east-1-gp3-0' }, 'fedora'],
        [{ name: 'CentOS-7-2111-20220825_1.x86_64-d9a3032a-921c-4c6d-b150-bde168105e42', description: 'CentOS 7' }, 'centos'],
        [{ name: 'Rocky-9-EC2-Base-9.5-20241118.0.x86_64' }, 'rocky'],
        [{ name: 'AlmaLinux OS 9.5.20241120 x86_64' }, 'ec2-user'],
        [{ name: 'bitnami-wordpress-6.7.1-r0-debian-12-amd64', description: 'Bitnami WordPress on Debian 12' }, 'bitnami'],
        // The platform is EC2's word: a RHEL image whose description mentions Ubuntu is still RHEL.
        [{ name: 'my-rhel-build', description: 'migrated from ubuntu', platformDetails: 'Red Hat Enterprise Linux' }, 'ec2-user'],
        [{ name: 'my-app-2025', description: undefined }, 'ec2-user'],
        [{ name: undefined, description: 'Ubuntu based' }, 'ubuntu'],
        // SUSE and SLES count as whole words only.
        [{ name: 'ubuntu-jammy-hardened', description: 'Hardened against misuse' }, 'ubuntu'],
        [{ name: 'debian-12-wholesles-build' }, 'admin'],
        [{ name: 'SLES 15 SP6', description: 'SUSE Linux Enterprise Server' }, 'ec2-user'],
      ];
      for (const [extra, user] of cases) assert.equal(sshUser(image({ platformDetails: 'Linux/UNIX', ...extra })), user, JSON.stringify(extra));
    });

    it('builds the plain command without quotes when none are needed', () => {
      assert.equal(sshCommand('/home/me/.ssh/my-key.pem', 'ec2-user', '203.0.113.10'), 'ssh -i /home/me/.ssh/my-key.pem ec2-user@203.0.113.10');
      assert.equal(sshCommand(undefined, 'ubuntu', 'ec2-1-2-3-4.compute.amazonaws.com'), 'ssh ubuntu@ec2-1-2-3-4.compute.amazonaws.com');
      assert.equal(sshCommand('~/.ssh/k.pem', 'admin', '10.0.0.5'), 'ssh -i ~/.ssh/k.pem admin@10.0.0.5');
      assert.equal(sshCommand('~/my keys/k.pem', 'admin', '10.0.0.5'), "ssh -i ~/'my keys/k.pem' admin@10.0.0.5");
      assert.equal(sshCommand('/tmp/it\'s.pem', 'a', 'h'), "ssh -i '/tmp/it'\\''s.pem' a@h");
      assert.equal(shellQuote(''), "''");
    });

    it('survives hostile file names, users and addresses in a real shell', function () {
      if (process.platform === 'win32') this.skip();
      const home = '/home/some one';
      const hostile = ['my key.pem', "it's.pem", '$(touch /tmp/pwned)', '`id`', 'a\nb', 'x"y', '*', '-oProxyCommand=x', 'tab\there', '~root', 'semi;colon', '\\back', "'", ''];
      /** The words a shell makes of the command (after "ssh"), NUL-separated so newlines survive. */
      const words = (command: string): string[] => {
        assert.ok(command.startsWith('ssh '));
        const out = execFileSync('sh', ['-c', `printf '%s\\0' ${command.slice(4)}`], { env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8' });
        return out.split('\0').slice(0, -1);
      };
      for (const name of hostile) {
        assert.deepEqual(words(sshCommand(`/keys/${name}`, 'ec2-user', '10.0.0.1')), ['-i', `/keys/${name}`, 'ec2-user@10.0.0.1'], JSON.stringify(name));
        assert.deepEqual(words(sshCommand(`~/${name}`, 'ec2-user', '10.0.0.1')), ['-i', `${home}/${name}`, 'ec2-user@10.0.0.1'], `~/${JSON.stringify(name)}`);
        const user = `u${name}`;
        assert.deepEqual(words(sshCommand(undefined, user, `h${name}`)), [`${user}@h${name}`], `user ${JSON.stringify(name)}`);
      }
      assert.deepEqual(words(sshCommand('~/', 'a', 'h')), ['-i', `${home}/`, 'a@h']);
      assert.deepEqual(words(sshCommand('-i', '-oProxyCommand=touch /tmp/x', 'h')), ['-i', '-i', '--', '-oProxyCommand=touch /tmp/x@h'], 'a destination starting with - is not an option');
    });

    it('links the instance in the EC2 console', () => {
      assert.equal(instanceConsoleUrl('eu-west-1', 'i-0123456789abcdef0'), 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-0123456789abcdef0');
      assert.equal(instanceConsoleUrl('x/y', 'i-1#2'), 'https://x%2Fy.console.aws.amazon.com/ec2/home?region=x%2Fy#InstanceDetails:instanceId=i-1%232');
      // China and GovCloud have their own console hosts.
      assert.equal(instanceConsoleUrl('cn-north-1', 'i-0123456789abcdef0'), 'https://console.amazonaws.cn/ec2/home?region=cn-north-1#InstanceDetails:instanceId=i-0123456789abcdef0');
      assert.equal(instanceConsoleUrl('us-gov-west-1', 'i-0123456789abcdef0'), 'https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1#InstanceDetails:instanceId=i-0123456789abcdef0');
    });
  });

  describe('Quick Launch', () => {
    const known = {
      subnets: [{ subnetId: 'subnet-1', vpcId: 'vpc-1', availabilityZone: 'eu-west-1a', defaultForAz: true }],
      securityGroups: [{ groupId: 'sg-1', groupName: 'ssh' }],
      keyPairs: [{ keyName: 'my-key' }],
    };

    it('summarizes every choice the launch sends, the remembered ones no step shows included', () => {
      assert.deepEqual(launchSummary(form(), known), ['1 × t3.micro', 'key pair my-key', 'subnet subnet-1 (eu-west-1a)', 'security groups ssh', 'public IP as the subnet sets it', 'IMDSv2 required']);
      const remembered = launchSummary(form({ publicIp: 'enable', imdsV2Required: false, iamInstanceProfile: 'web-role', keyName: 'fresh', securityGroupIds: [] }), known);
      assert.deepEqual(remembered.slice(1), ['key pair fresh (new)', 'subnet subnet-1 (eu-west-1a)', 'the VPC’s default security group', 'public IP on', 'IMDSv2 optional (IMDSv1 allowed)', 'instance profile web-role']);
      assert.ok(launchSummary(form({ publicIp: 'disable' }), known).includes('public IP off'));
      assert.ok(launchSummary(form({ subnetId: undefined, keyName: undefined }), known).includes('subnet chosen by EC2'));
    });

    it('resets a remembered public IP choice to the subnet’s default when EC2 picks the subnet', () => {
      const on = form({ publicIp: 'enable' });
      const ec2 = withSubnet(on, undefined);
      assert.equal(ec2.publicIp, 'subnetDefault');
      assert.ok(!('subnetId' in ec2));
      assert.deepEqual(problems(ec2), [], 'so the form stays valid');
      assert.equal(problems({ ...on, subnetId: undefined })[0]?.field, 'publicIp', 'which it would not be otherwise');
      assert.deepEqual(withSubnet(on, 'subnet-2'), { ...on, subnetId: 'subnet-2' }, 'a chosen subnet keeps the choice');
      assert.equal(on.subnetId, 'subnet-1', 'the form given is not changed');
    });
  });

  describe('remembered choices', () => {
    it('keeps the launch defaults only: never tags, names, user data or volumes', () => {
      const f = form({ userData: 'secret-ish', iamInstanceProfile: 'role', publicIp: 'enable', imdsV2Required: false });
      const remembered = rememberedFrom(f);
      assert.deepEqual(remembered, {
        instanceType: 't3.micro',
        keyName: 'my-key',
        vpcId: 'vpc-1',
        subnetId: 'subnet-1',
        securityGroupIds: ['sg-1'],
        publicIp: 'enable',
        imdsV2Required: false,
        iamInstanceProfile: 'role',
      });
      const text = JSON.stringify(remembered);
      for (const kept of ['secret-ish', 'platform', 'web', 'snap-0root', '/dev/xvda']) assert.ok(!text.includes(kept), kept);
      f.securityGroupIds.push('sg-2');
      assert.deepEqual(remembered.securityGroupIds, ['sg-1'], 'a copy');
      assert.deepEqual(rememberedFrom(form({ keyName: undefined, vpcId: undefined, subnetId: undefined, securityGroupIds: [], iamInstanceProfile: undefined })), {
        instanceType: 't3.micro',
        securityGroupIds: [],
        publicIp: 'subnetDefault',
        imdsV2Required: true,
      });
    });

    it('round-trips through the default form', () => {
      const f = form({ iamInstanceProfile: 'role', publicIp: 'disable' });
      const again = defaultForm(image(), rememberedFrom(f));
      assert.deepEqual(rememberedFrom(again), rememberedFrom(f));
    });

    it('keys them per profile and region, the default chain apart from profiles named "" or "default"', () => {
      const keys = [defaultsKey(undefined, 'eu-west-1'), defaultsKey('', 'eu-west-1'), defaultsKey('default', 'eu-west-1'), defaultsKey('dev', 'eu-west-1'), defaultsKey('dev', 'us-east-1'), defaultsKey('dev|us', 'east-1')];
      assert.equal(new Set(keys).size, keys.length, keys.join(' '));
      assert.equal(defaultsKey('dev', 'eu-west-1'), defaultsKey('dev', 'eu-west-1'));
      assert.ok(keys.every((k) => k.startsWith('amiExplorer.launch.defaults')));
    });
  });

  describe('request fingerprint', () => {
    const base = (): LaunchRequest => buildLaunchRequest(image(), form({ userData: 'echo 1' }));

    it('is the same for equal requests, whatever the key order or undefined members', () => {
      const a = base();
      const reordered = Object.fromEntries(Object.entries(a).reverse()) as LaunchRequest;
      const b: LaunchRequest = { ...reordered, KeyName: a.KeyName, EbsOptimized: undefined };
      assert.deepEqual(Object.keys(b).slice(0, 2), Object.keys(a).reverse().slice(0, 2));
      assert.equal(requestFingerprint(b), requestFingerprint(a));
      const nested = { ...a, MetadataOptions: { HttpEndpoint: 'enabled' as const, HttpTokens: 'required' as const } };
      assert.equal(requestFingerprint(nested), requestFingerprint(a));
      assert.equal(requestFingerprint(base()), requestFingerprint(base()));
    });

    it('changes with any choice', () => {
      const a = requestFingerprint(base());
      const changed: [string, LaunchRequest][] = [
        ['count', buildLaunchRequest(image(), form({ userData: 'echo 1', count: 2 }))],
        ['type', buildLaunchRequest(image(), form({ userData: 'echo 1', instanceType: 't3.small' }))],
        ['tag value', buildLaunchRequest(image(), form({ userData: 'echo 1', tags: [{ key: 'team', value: 'other' }] }))],
        ['name', buildLaunchRequest(image(), form({ userData: 'echo 1', name: 'web2' }))],
        ['user data', buildLaunchRequest(image(), form({ userData: 'echo 2' }))],
        ['volume size', buildLaunchRequest(image(), form({ userData: 'echo 1', volumes: [volume({ sizeGiB: 9 })] }))],
        ['IMDS', buildLaunchRequest(image(), form({ userData: 'echo 1', imdsV2Required: false }))],
        ['public IP', buildLaunchRequest(image(), form({ userData: 'echo 1', publicIp: 'enable' }))],
        ['groups', buildLaunchRequest(image(), form({ userData: 'echo 1', securityGroupIds: ['sg-1', 'sg-2'] }))],
        ['tag key', buildLaunchRequest(image(), form({ userData: 'echo 1', tags: [{ key: 'Team', value: 'platform' }] }))],
        ['image', buildLaunchRequest(image({ imageId: 'ami-0fedcba9876543210' }), form({ userData: 'echo 1' }))],
      ];
      for (const [what, request] of changed) assert.notEqual(requestFingerprint(request), a, what);
    });

    it('does not depend on the order groups were ticked or tags were added in (EC2 keeps neither order)', () => {
      const ab = buildLaunchRequest(image(), form({ securityGroupIds: ['sg-1', 'sg-2'] }));
      const ba = buildLaunchRequest(image(), form({ securityGroupIds: ['sg-2', 'sg-1'] }));
      assert.deepEqual(ab.SecurityGroupIds, ['sg-1', 'sg-2']);
      assert.deepEqual(ba.SecurityGroupIds, ['sg-1', 'sg-2']);
      assert.equal(requestFingerprint(ab), requestFingerprint(ba));
      const nic = (ids: string[]): LaunchRequest => buildLaunchRequest(image(), form({ publicIp: 'enable', securityGroupIds: ids }));
      assert.equal(requestFingerprint(nic(['sg-2', 'sg-1'])), requestFingerprint(nic(['sg-1', 'sg-2'])), 'on a network interface too');
      const tagsOf = (tags: { key: string; value: string }[]): LaunchRequest => buildLaunchRequest(image(), form({ name: 'web', tags }));
      const xy = tagsOf([{ key: 'x', value: '1' }, { key: 'Y', value: '2' }, { key: 'a', value: '3' }]);
      const yx = tagsOf([{ key: 'a', value: '3' }, { key: 'Y', value: '2' }, { key: 'x', value: '1' }]);
      assert.deepEqual(xy.TagSpecifications?.[0]?.Tags?.map((t) => t.Key), ['Name', 'Y', 'a', 'x'], 'sorted by key, code unit order');
      assert.equal(requestFingerprint(xy), requestFingerprint(yx));
      assert.deepEqual(xy.TagSpecifications?.[1]?.Tags, xy.TagSpecifications?.[0]?.Tags, 'volumes get the same tags');
    });
  });
});
