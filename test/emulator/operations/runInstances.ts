/**
 * RunInstances as EC2 validates and answers it: the image (visible, marketplace subscription),
 * the type against the image (architecture, boot mode, virtualization, ENA), key pair, subnet and
 * security groups (same VPC; instance-level subnet/groups never together with NetworkInterface.N),
 * block device sizes against the snapshots, tag specifications, metadata options, user data
 * (16 KB decoded); DryRun answers DryRunOperation only when all of that holds. ClientToken
 * idempotency: the same token with the same parameters answers the same reservation and launches
 * nothing; with other parameters, IdempotentParameterMismatch. Instances start `pending` and are
 * `running` after the store's instanceTiming.pendingMs.
 */
import { createHash } from 'node:crypto';
import { Ec2Error, invalidParameterValue, missingParameter } from '../errors';
import { findInstanceType } from '../instanceTypes';
import { boolParam, indexedParam, intParam, listParam, type Params, requiredParam } from '../params';
import { renderInstance } from '../render';
import type { EmuImage, EmuInstance, EmuInstanceType, EmuInstanceVolume, EmuSecurityGroup, EmuSubnet, EmuTag } from '../types';
import { el, list } from '../xml';
import { dryRunSucceeded, requireVisibleImage, type Operation, type OperationContext } from './context';
import { keyPairNotFound } from './keyPairs';
import { subnetNotFound } from './network';

export const USER_DATA_LIMIT = 16384;

/** Values of `rest` keys `Name.M` inside one indexed entry. */
function subList(entry: Record<string, string>, name: string): string[] {
  return listParam(entry, name);
}

/** A digest of the parameters that define the launch (ClientToken, DryRun and protocol fields excluded). */
function fingerprint(params: Params): string {
  const h = createHash('sha256');
  for (const key of Object.keys(params).sort()) {
    if (key === 'ClientToken' || key === 'DryRun' || key === 'Action' || key === 'Version') continue;
    h.update(`${key}=${params[key] as string}\n`);
  }
  return h.digest('hex');
}

/** The boot mode an image starts with on a type: its own, else the architecture's default. */
function bootModeOn(image: EmuImage, type: EmuInstanceType): string | undefined {
  const mode = image.bootMode ?? (image.architecture === 'arm64' ? 'uefi' : 'legacy-bios');
  if (mode === 'uefi-preferred') return type.bootModes.includes('uefi') ? 'uefi' : type.bootModes.includes('legacy-bios') ? 'legacy-bios' : undefined;
  return type.bootModes.includes(mode) ? mode : undefined;
}

function checkTypeRunsImage(image: EmuImage, type: EmuInstanceType): void {
  if (!type.architectures.includes(image.architecture)) {
    const typeArch = type.architectures[type.architectures.length - 1] as string;
    throw new Ec2Error(
      'InvalidParameterValue',
      `The architecture '${typeArch}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.`,
    );
  }
  if (bootModeOn(image, type) === undefined) {
    const mode = image.bootMode ?? (image.architecture === 'arm64' ? 'uefi' : 'legacy-bios');
    throw new Ec2Error(
      'InvalidParameterValue',
      `The specified instance type does not support the boot mode '${mode}' of the specified AMI. The instance type '${type.instanceType}' supports: ${type.bootModes.join(', ')}. Specify an instance type that supports the boot mode of the AMI, and try again.`,
    );
  }
  if (!type.virtualizationTypes.includes(image.virtualizationType)) {
    throw new Ec2Error('InvalidParameterCombination', `Virtualization type '${image.virtualizationType}' is not supported by the instance type '${type.instanceType}'.`);
  }
  if (type.enaSupport === 'required' && image.enaSupport !== true) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      `Enhanced networking with the Elastic Network Adapter (ENA) is required for the '${type.instanceType}' instance type. Ensure that you are using an AMI that is enabled for ENA.`,
    );
  }
}

interface Network {
  subnet: EmuSubnet;
  groups: EmuSecurityGroup[];
  publicIp: boolean | undefined;
}

function resolveNetwork(ctx: OperationContext): Network {
  const p = ctx.params;
  const interfaces = indexedParam(p, 'NetworkInterface');
  const topSubnet = p.SubnetId;
  const topGroupIds = listParam(p, 'SecurityGroupId');
  const topGroupNames = listParam(p, 'SecurityGroup');
  let subnetId: string | undefined = topSubnet;
  let groupIds = topGroupIds;
  let publicIp: boolean | undefined;
  if (interfaces.size > 0) {
    if (topSubnet !== undefined) throw new Ec2Error('InvalidParameterCombination', 'Network interfaces and an instance-level subnet ID may not be specified on the same request');
    if (topGroupIds.length > 0 || topGroupNames.length > 0) {
      throw new Ec2Error('InvalidParameterCombination', 'Network interfaces and an instance-level security groups may not be specified on the same request');
    }
    const primary = [...interfaces.values()].find((e) => e.DeviceIndex === '0');
    if (!primary) throw new Ec2Error('InvalidParameterValue', 'Each network interface requires a device index; the primary one has device index 0.');
    subnetId = primary.SubnetId;
    groupIds = subList(primary, 'SecurityGroupId');
    publicIp = boolParam(primary, 'AssociatePublicIpAddress');
  }
  let subnet: EmuSubnet | undefined;
  if (subnetId !== undefined) {
    subnet = ctx.store.getSubnet(ctx.region, subnetId);
    if (!subnet || subnet.ownerId !== ctx.account) throw subnetNotFound(subnetId);
  } else {
    const defaultVpc = ctx.store.vpcs(ctx.region).find((v) => v.ownerId === ctx.account && v.isDefault);
    if (!defaultVpc) throw new Ec2Error('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
    subnet = ctx.store.subnets(ctx.region).find((s) => s.vpcId === defaultVpc.vpcId && s.defaultForAz);
    if (!subnet) throw new Ec2Error('MissingInput', 'No subnets found for the default VPC. Please specify a subnet.');
  }
  const vpcId = subnet.vpcId;
  const own = ctx.store.securityGroups(ctx.region).filter((g) => g.ownerId === ctx.account);
  const groups: EmuSecurityGroup[] = [];
  for (const id of groupIds) {
    const group = own.find((g) => g.groupId === id);
    if (!group) throw new Ec2Error('InvalidGroup.NotFound', `The security group '${id}' does not exist in VPC '${vpcId}'`);
    if (group.vpcId !== vpcId) throw new Ec2Error('InvalidParameter', `Security group ${id} and subnet ${subnet.subnetId} belong to different networks.`);
    groups.push(group);
  }
  for (const name of topGroupNames) {
    const group = own.find((g) => g.groupName === name && g.vpcId === vpcId);
    if (!group) throw new Ec2Error('InvalidGroup.NotFound', `The security group '${name}' does not exist in VPC '${vpcId}'`);
    groups.push(group);
  }
  if (groups.length === 0) {
    const fallback = own.find((g) => g.vpcId === vpcId && g.groupName === 'default');
    if (fallback) groups.push(fallback);
  }
  return { subnet, groups, publicIp };
}

function resolveVolumes(ctx: OperationContext, image: EmuImage, volumeTags: EmuTag[]): EmuInstanceVolume[] {
  const volumes = new Map<string, Omit<EmuInstanceVolume, 'volumeId' | 'tags'>>();
  for (const m of image.blockDeviceMappings) {
    if (!m.ebs) continue;
    volumes.set(m.deviceName, {
      deviceName: m.deviceName,
      volumeSize: m.ebs.volumeSize ?? 8,
      volumeType: m.ebs.volumeType ?? 'gp2',
      deleteOnTermination: m.ebs.deleteOnTermination ?? true,
      encrypted: m.ebs.encrypted ?? false,
    });
  }
  for (const [n, entry] of indexedParam(ctx.params, 'BlockDeviceMapping')) {
    const deviceName = entry.DeviceName;
    if (deviceName === undefined || deviceName === '') throw missingParameter(`BlockDeviceMapping.${n}.DeviceName`);
    if (entry.NoDevice !== undefined) {
      volumes.delete(deviceName);
      continue;
    }
    const fromImage = image.blockDeviceMappings.find((m) => m.deviceName === deviceName)?.ebs;
    const size = intParam(entry, 'Ebs.VolumeSize');
    const snapshotId = entry['Ebs.SnapshotId'] ?? fromImage?.snapshotId;
    const snapshotSize = fromImage?.volumeSize ?? (snapshotId ? ctx.store.getSnapshot(ctx.region, snapshotId)?.volumeSize : undefined);
    if (size !== undefined && snapshotSize !== undefined && snapshotId !== undefined && size < snapshotSize) {
      throw new Ec2Error('InvalidBlockDeviceMapping', `Volume of size ${size}GB is smaller than snapshot '${snapshotId}', expect size >= ${snapshotSize}GB`);
    }
    if (size !== undefined && (size < 1 || size > 65536)) throw invalidParameterValue(`BlockDeviceMapping.${n}.Ebs.VolumeSize`, String(size));
    const existing = volumes.get(deviceName);
    if (!existing && size === undefined && snapshotId === undefined) {
      throw new Ec2Error('InvalidBlockDeviceMapping', `The device '${deviceName}' needs a volume size or a snapshot id.`);
    }
    const type = entry['Ebs.VolumeType'] ?? existing?.volumeType ?? 'gp3';
    if (!['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'].includes(type)) throw invalidParameterValue(`BlockDeviceMapping.${n}.Ebs.VolumeType`, type);
    volumes.set(deviceName, {
      deviceName,
      volumeSize: size ?? existing?.volumeSize ?? snapshotSize ?? 8,
      volumeType: type,
      deleteOnTermination: boolParam(entry, 'Ebs.DeleteOnTermination') ?? existing?.deleteOnTermination ?? true,
      encrypted: boolParam(entry, 'Ebs.Encrypted') ?? existing?.encrypted ?? false,
    });
  }
  return [...volumes.values()].map((v) => ({ ...v, volumeId: '', tags: volumeTags.map((t) => ({ ...t })) }));
}

function resolveTags(ctx: OperationContext): { instance: EmuTag[]; volume: EmuTag[] } {
  const out = { instance: [] as EmuTag[], volume: [] as EmuTag[] };
  for (const [n, entry] of indexedParam(ctx.params, 'TagSpecification')) {
    const type = entry.ResourceType;
    if (type === undefined) throw missingParameter(`TagSpecification.${n}.ResourceType`);
    if (!['instance', 'volume', 'network-interface', 'spot-instances-request'].includes(type)) {
      throw new Ec2Error('InvalidParameterValue', `'${type}' is not a valid taggable resource type for this operation.`);
    }
    const tags: EmuTag[] = [];
    for (const [m, tag] of indexedParam(entry, 'Tag')) {
      const key = tag.Key;
      if (key === undefined) throw missingParameter(`TagSpecification.${n}.Tag.${m}.Key`);
      if (key.toLowerCase().startsWith('aws:')) throw new Ec2Error('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
      if (key.length > 128 || (tag.Value ?? '').length > 256) throw new Ec2Error('InvalidParameterValue', `Tag key or value too long: '${key.slice(0, 40)}'`);
      tags.push({ key, value: tag.Value ?? '' });
    }
    if (type === 'instance') out.instance.push(...tags);
    if (type === 'volume') out.volume.push(...tags);
  }
  return out;
}

function checkUserData(params: Params): string | undefined {
  const text = params.UserData;
  if (text === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, ''))) throw new Ec2Error('InvalidParameterValue', 'Invalid BASE64 encoding of user data.');
  if (Buffer.from(text, 'base64').length > USER_DATA_LIMIT) throw new Ec2Error('InvalidParameterValue', `User data is limited to ${USER_DATA_LIMIT} bytes`);
  return text;
}

function checkMarketplace(ctx: OperationContext, image: EmuImage): void {
  const code = image.productCodes.find((c) => c.productCodeType === 'marketplace' && !ctx.store.isSubscribed(ctx.account, c.productCodeId));
  if (code) {
    throw new Ec2Error(
      'OptInRequired',
      `In order to use this AWS Marketplace product you need to accept terms and subscribe. To do so please visit https://aws.amazon.com/marketplace/pp?sku=${code.productCodeId}`,
    );
  }
}

/** `a.b.c.d/n` + host number → dotted address. */
function addressIn(cidr: string, host: number): string {
  const [base] = cidr.split('/');
  const n = (base as string).split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
  const v = (n + host) >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

function renderReservation(ctx: OperationContext, reservationId: string): string {
  const instances = ctx.store.instances(ctx.region).filter((i) => i.reservationId === reservationId);
  return (
    el('reservationId', reservationId) +
    el('ownerId', ctx.account) +
    '<groupSet/>' +
    list('instancesSet', instances, (i) => renderInstance(i, ctx.store.instanceState(i, ctx.now)))
  );
}

export const runInstances: Operation = {
  mutating: true,
  checksDryRun: true,
  run(ctx: OperationContext): string {
    const p = ctx.params;
    const dryRun = boolParam(p, 'DryRun') ?? false;
    const token = p.ClientToken;
    if (token !== undefined && (token.length > 64 || !/^[\x20-\x7e]*$/.test(token))) {
      throw new Ec2Error('InvalidParameterValue', 'ClientToken must be 64 ASCII characters or fewer.');
    }
    const digest = fingerprint(p);
    if (!dryRun && token !== undefined && token !== '') {
      const known = ctx.store.getClientToken(ctx.account, ctx.region, token);
      if (known) {
        if (known.fingerprint !== digest) {
          throw new Ec2Error('IdempotentParameterMismatch', 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).');
        }
        return renderReservation(ctx, known.reservationId);
      }
    }

    const minCount = intParam(p, 'MinCount');
    const maxCount = intParam(p, 'MaxCount');
    if (minCount === undefined) throw missingParameter('MinCount');
    if (maxCount === undefined) throw missingParameter('MaxCount');
    if (minCount < 1) throw new Ec2Error('InvalidParameterValue', `Value (${minCount}) for parameter minCount is invalid. Expected a positive integer.`);
    if (maxCount < minCount) throw new Ec2Error('InvalidParameterValue', `Value (${maxCount}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount (${minCount}).`);
    const image = requireVisibleImage(ctx, requiredParam(p, 'ImageId'));
    if (image.state !== 'available') throw new Ec2Error('InvalidAMIID.Unavailable', `AMI '${image.imageId}' is ${image.state}`);
    const typeName = p.InstanceType ?? 'm1.small';
    const type = findInstanceType(typeName);
    if (!type) throw new Ec2Error('InvalidParameterValue', `Invalid value '${typeName}' for InstanceType.`);
    const userData = checkUserData(p);
    const network = resolveNetwork(ctx);
    const keyName = p.KeyName;
    if (keyName !== undefined && !ctx.store.getKeyPair(ctx.region, ctx.account, keyName)) throw keyPairNotFound(keyName);
    const tags = resolveTags(ctx);
    const volumes = resolveVolumes(ctx, image, tags.volume);
    checkTypeRunsImage(image, type);
    const httpTokens = p['MetadataOptions.HttpTokens'] ?? 'optional';
    if (httpTokens !== 'optional' && httpTokens !== 'required') throw invalidParameterValue('MetadataOptions.HttpTokens', httpTokens);
    const hopLimit = intParam(p, 'MetadataOptions.HttpPutResponseHopLimit') ?? 1;
    if (hopLimit < 1 || hopLimit > 64) throw invalidParameterValue('MetadataOptions.HttpPutResponseHopLimit', String(hopLimit));
    const httpEndpoint = p['MetadataOptions.HttpEndpoint'] ?? 'enabled';
    const profileName = p['IamInstanceProfile.Name'] ?? p['IamInstanceProfile.Arn']?.split('/').pop();
    if (profileName !== undefined && !/^[\w+=,.@-]{1,128}$/.test(profileName)) throw invalidParameterValue('IamInstanceProfile.Name', profileName);
    checkMarketplace(ctx, image);
    if (network.subnet.availableIpAddressCount < maxCount && network.subnet.availableIpAddressCount < minCount) {
      throw new Ec2Error('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${network.subnet.subnetId}' to satisfy the requested number of instances.`);
    }
    if (dryRun) throw dryRunSucceeded();

    const zone = network.subnet.availabilityZone;
    if (ctx.faults?.takeCapacityFailure(typeName)) {
      const others = ctx.store.zones(ctx.region).filter((z) => z !== zone);
      throw new Ec2Error(
        'InsufficientInstanceCapacity',
        `We currently do not have sufficient ${typeName} capacity in the Availability Zone you requested (${zone}). Our system will be working on provisioning additional capacity. You can currently get ${typeName} capacity by not specifying an Availability Zone in your request or choosing ${others.join(', ')}.`,
      );
    }

    const count = Math.min(maxCount, network.subnet.availableIpAddressCount);
    const reservationId = ctx.store.newId('r');
    const launchTime = new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, '.000Z');
    const publicIp = network.publicIp ?? network.subnet.mapPublicIpOnLaunch;
    for (let n = 0; n < count; n++) {
      const instanceId = ctx.store.newId('i');
      const host = 4 + network.subnet.allocated++;
      network.subnet.availableIpAddressCount--;
      const seq = Number.parseInt(instanceId.slice(-6), 16);
      const instance: EmuInstance = {
        instanceId,
        reservationId,
        ownerId: ctx.account,
        region: ctx.region,
        imageId: image.imageId,
        instanceType: typeName,
        amiLaunchIndex: n,
        ...(keyName !== undefined ? { keyName } : {}),
        subnetId: network.subnet.subnetId,
        vpcId: network.subnet.vpcId,
        availabilityZone: zone,
        privateIpAddress: addressIn(network.subnet.cidrBlock, host),
        ...(publicIp ? { publicIpAddress: `3.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${(seq & 255) || 1}` } : {}),
        groups: network.groups.map((g) => ({ groupId: g.groupId, groupName: g.groupName })),
        architecture: image.architecture,
        rootDeviceName: image.rootDeviceName,
        virtualizationType: image.virtualizationType,
        ...(bootModeOn(image, type) ? { bootMode: bootModeOn(image, type) } : {}),
        ...(image.platform ? { platform: image.platform } : {}),
        platformDetails: image.platformDetails,
        enaSupport: image.enaSupport === true,
        volumes: volumes.map((v) => ({ ...v, volumeId: ctx.store.newId('vol'), tags: v.tags.map((t) => ({ ...t })) })),
        tags: tags.instance.map((t) => ({ ...t })),
        ...(token ? { clientToken: token } : {}),
        ...(profileName !== undefined ? { iamInstanceProfile: profileName } : {}),
        metadataHttpTokens: httpTokens,
        metadataHopLimit: hopLimit,
        metadataHttpEndpoint: httpEndpoint,
        ...(userData !== undefined ? { userData } : {}),
        launchTime,
        runningAt: ctx.now + ctx.store.instanceTiming.pendingMs,
      };
      ctx.store.addInstance(instance);
    }
    if (token) ctx.store.setClientToken(ctx.account, ctx.region, token, { fingerprint: digest, reservationId });
    return renderReservation(ctx, reservationId);
  },
};
