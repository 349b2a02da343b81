/**
 * Shared by the emulator's tests: an SDK client pointed at the emulator, and a raw, correctly
 * signed POST for the envelope details the SDK hides.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { EmuBlockDeviceMapping, EmuImage, EmuLaunchPermission, EmulatorStore } from '../../emulator/index';
import { signFormPost, TEST_KEYS } from '../../emulator/index';

export const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const OTHER_ACCESS_KEY = 'AKIA_OTHER_ACCOUNT_1';
export const THIRD_ACCESS_KEY = 'AKIA_THIRD_ACCOUNT_1';

/** The secret the emulator holds for a test key ('' for a key it does not know). */
export function secretOf(accessKeyId: string): string {
  return Object.prototype.hasOwnProperty.call(TEST_KEYS, accessKeyId) ? TEST_KEYS[accessKeyId].secret : '';
}

export function client(
  url: string,
  opts: { region?: string; accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; maxAttempts?: number } = {},
): EC2Client {
  const accessKeyId = opts.accessKeyId ?? ACCESS_KEY;
  return new EC2Client({
    region: opts.region ?? 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId, secretAccessKey: opts.secretAccessKey ?? secretOf(accessKeyId), ...(opts.sessionToken ? { sessionToken: opts.sessionToken } : {}) },
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

export interface RawResponse {
  status: number;
  body: string;
  headers: Headers;
}

/** POSTs form parameters signed with SigV4 by the test key (or unsigned with auth: false). */
export async function rawPost(
  url: string,
  params: Record<string, string>,
  opts: { region?: string; accessKeyId?: string; secretAccessKey?: string; service?: string; auth?: boolean; version?: string; payloadHashHeader?: boolean } = {},
): Promise<RawResponse> {
  const body = new URLSearchParams({ Version: opts.version ?? '2016-11-15', ...params }).toString();
  const accessKeyId = opts.accessKeyId ?? ACCESS_KEY;
  const headers =
    opts.auth === false
      ? { 'content-type': 'application/x-www-form-urlencoded' }
      : await signFormPost({
          url: `${url}/`,
          service: opts.service ?? 'ec2',
          region: opts.region ?? 'us-east-1',
          credentials: { accessKeyId, secretAccessKey: opts.secretAccessKey ?? secretOf(accessKeyId) },
          body,
          ...(opts.payloadHashHeader !== undefined ? { payloadHashHeader: opts.payloadHashHeader } : {}),
        });
  const res = await fetch(`${url}/`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** The error code of a rejected SDK call (fails the test when the call succeeded). */
export async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

let fixtureCounter = 0;

/**
 * Adds an image with one EBS snapshot per volume to the store, for tests that need exact sharing
 * conditions: owner, encryption (and who manages the key), product codes, launch permissions.
 * Ids are unique per process. Returns the image id and its snapshot ids.
 */
export function addShareableImage(
  store: EmulatorStore,
  region: string,
  opts: {
    ownerId: string;
    volumes?: { encrypted?: boolean; kmsKeyManager?: 'aws' | 'customer' }[];
    productCodes?: string[];
    launchPermissions?: EmuLaunchPermission[];
    name?: string;
  },
): { imageId: string; snapshotIds: string[] } {
  const n = ++fixtureCounter;
  const hex = (prefix: number, k: number): string => `${prefix.toString(16).padStart(5, '0')}${k.toString(16).padStart(12, '0')}`;
  const imageId = `ami-${hex(0xfee1, n)}`;
  const volumes = opts.volumes ?? [{}];
  const snapshotIds: string[] = [];
  const mappings: EmuBlockDeviceMapping[] = volumes.map((v, i) => {
    const snapshotId = `snap-${hex(0xfee2 + i, n)}`;
    snapshotIds.push(snapshotId);
    const kmsKeyId = v.encrypted ? `arn:aws:kms:${region}:${opts.ownerId}:key/${v.kmsKeyManager === 'aws' ? 'aws-managed' : 'customer'}-${n}-${i}` : undefined;
    store.addSnapshot({
      snapshotId,
      region,
      ownerId: opts.ownerId,
      volumeId: `vol-${hex(0xfee3 + i, n)}`,
      volumeSize: 8,
      state: 'completed',
      startTime: '2026-10-01T00:00:00.000Z',
      progress: '100%',
      description: `Created for ${imageId}`,
      encrypted: v.encrypted ?? false,
      ...(kmsKeyId ? { kmsKeyId } : {}),
      ...(v.kmsKeyManager ? { kmsKeyManager: v.kmsKeyManager } : {}),
      tags: [],
      createVolumePermissions: [],
    });
    return {
      deviceName: i === 0 ? '/dev/xvda' : `/dev/sd${String.fromCharCode(98 + i)}`,
      ebs: { snapshotId, volumeSize: 8, volumeType: 'gp3', deleteOnTermination: true, encrypted: v.encrypted ?? false, ...(kmsKeyId ? { kmsKeyId } : {}) },
    };
  });
  const image: EmuImage = {
    imageId,
    region,
    ownerId: opts.ownerId,
    name: opts.name ?? `shareable-${n}`,
    state: 'available',
    creationDate: '2026-10-01T00:00:00.000Z',
    architecture: 'x86_64',
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
    imageType: 'machine',
    imageLocation: `${opts.ownerId}/shareable-${n}`,
    virtualizationType: 'hvm',
    hypervisor: 'xen',
    rootDeviceName: '/dev/xvda',
    rootDeviceType: 'ebs',
    productCodes: (opts.productCodes ?? []).map((productCodeId) => ({ productCodeId, productCodeType: 'marketplace' as const })),
    tags: [],
    blockDeviceMappings: mappings,
    launchPermissions: [...(opts.launchPermissions ?? [])],
  };
  store.addImage(image);
  return { imageId, snapshotIds };
}
