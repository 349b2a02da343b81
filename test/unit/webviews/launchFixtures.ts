/**
 * Shared fixtures of the launch panel's tests: a whole form as the page sends it, an image and
 * the options a fake LaunchData offers for it.
 */
import type { LaunchOptions } from '../../../src/data/launch';
import type { AmiImage } from '../../../src/model/image';
import type { InstanceTypeInfo, LaunchForm } from '../../../src/model/launch';
import { richImage } from '../model/inspectFixtures';

export function sampleForm(overrides: Partial<LaunchForm> = {}): LaunchForm {
  return {
    instanceType: 't3.micro',
    count: 1,
    name: 'web',
    tags: [{ key: 'Team', value: 'platform' }],
    keyName: 'my-key',
    vpcId: 'vpc-0123456789abcdef0',
    subnetId: 'subnet-0123456789abcdef0',
    securityGroupIds: ['sg-0123456789abcdef0'],
    publicIp: 'subnetDefault',
    volumes: [
      { deviceName: '/dev/xvda', snapshotId: 'snap-0123456789abcdef0', minSizeGiB: 8, sizeGiB: 8, volumeType: 'gp3', iops: 3000, throughput: 125, encrypted: false, deleteOnTermination: true },
      { deviceName: '/dev/sdf', sizeGiB: 20, volumeType: 'gp2', encrypted: true, deleteOnTermination: false, added: true },
    ],
    imdsV2Required: true,
    iamInstanceProfile: 'web-role',
    userData: '#!/bin/bash\necho hi\n',
    ...overrides,
  };
}


export const IMAGE: AmiImage = richImage({
  blockDeviceMappings: [{ deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: 'snap-0123456789abcdef0', volumeSize: 8, volumeType: 'gp3', encrypted: false, deleteOnTermination: true } }],
});

export const TYPES: InstanceTypeInfo[] = [
  { instanceType: 't3.micro', architectures: ['x86_64'], bootModes: ['legacy-bios', 'uefi'], virtualizationTypes: ['hvm'], enaSupport: 'required', vCpus: 2, memoryMiB: 1024, currentGeneration: true, freeTierEligible: true },
  { instanceType: 'm4.large', architectures: ['x86_64'], bootModes: ['legacy-bios'], virtualizationTypes: ['hvm'], enaSupport: 'supported', vCpus: 2, memoryMiB: 8192, currentGeneration: false, freeTierEligible: false },
  { instanceType: 'c7i.large', architectures: ['x86_64'], bootModes: ['legacy-bios', 'uefi'], virtualizationTypes: ['hvm'], enaSupport: 'required', vCpus: 2, memoryMiB: 4096, currentGeneration: true, freeTierEligible: false },
];

export function sampleOptions(image: AmiImage = IMAGE, form: LaunchForm = sampleForm({ volumes: [sampleForm().volumes[0]!] })): LaunchOptions {
  return {
    image,
    instanceTypes: TYPES,
    excludedTypes: 4,
    keyPairs: [{ keyName: 'my-key', keyType: 'ed25519' }],
    vpcs: [{ vpcId: 'vpc-0123456789abcdef0', isDefault: true, cidrBlock: '172.31.0.0/16' }],
    subnets: [
      { subnetId: 'subnet-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0', availabilityZone: 'eu-west-1a', availableIpAddressCount: 4091, defaultForAz: true },
      { subnetId: 'subnet-0123456789abcdef1', vpcId: 'vpc-0123456789abcdef0', availabilityZone: 'eu-west-1b', availableIpAddressCount: 12, defaultForAz: false },
    ],
    securityGroups: [{ groupId: 'sg-0123456789abcdef0', groupName: 'default', vpcId: 'vpc-0123456789abcdef0', description: 'default VPC security group' }],
    form,
  };
}
