/** Images for the inspect model tests: one with every mapping kind, and hostile text. */
import type { AmiImage } from '../../../src/model/image';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)><script>alert(2)</script>';
export const HOSTILE_DESCRIPTION = '[click](javascript:alert(1)) [run](command:workbench.action.quit) "quoted" & done';

export function richImage(overrides: Partial<AmiImage> = {}): AmiImage {
  return {
    imageId: 'ami-0a1b2c3d4e5f60718',
    region: 'eu-west-1',
    name: 'web-server-2024.05.01',
    description: 'Web server base image',
    ownerId: '123456789012',
    state: 'available',
    public: false,
    creationDate: '2024-05-01T10:20:30.000Z',
    deprecationTime: '2026-05-01T00:00:00.000Z',
    architecture: 'x86_64',
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
    imageType: 'machine',
    virtualizationType: 'hvm',
    hypervisor: 'xen',
    enaSupport: true,
    sriovNetSupport: 'simple',
    bootMode: 'uefi-preferred',
    tpmSupport: 'v2.0',
    imdsSupport: 'v2.0',
    rootDeviceName: '/dev/xvda',
    rootDeviceType: 'ebs',
    sourceImageId: 'ami-0fedcba9876543210',
    sourceImageRegion: 'us-east-1',
    sourceInstanceId: 'i-0123456789abcdef0',
    deregistrationProtection: 'enabled-with-cooldown',
    imageAllowed: true,
    productCodes: [],
    tags: { Team: 'platform', Name: 'web', Environment: 'prod' },
    blockDeviceMappings: [
      { deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: 'snap-0000000000000000a', volumeSize: 8, volumeType: 'gp3', iops: 3000, throughput: 125, encrypted: false, deleteOnTermination: true } },
      {
        deviceName: '/dev/sdb',
        kind: 'ebs',
        ebs: { snapshotId: 'snap-0000000000000000b', volumeSize: 100, volumeType: 'io2', iops: 5000, encrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abcd', deleteOnTermination: false },
      },
      { deviceName: '/dev/sdc', kind: 'ebs', ebs: { volumeSize: 50, volumeType: 'st1', deleteOnTermination: true } },
      { deviceName: '/dev/sdd', kind: 'ephemeral', virtualName: 'ephemeral0' },
      { deviceName: '/dev/sde', kind: 'noDevice', noDevice: '' },
    ],
    ...overrides,
  };
}
