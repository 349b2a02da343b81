/**
 * Making images (issue #10): CopyImage (called in the target region; ClientToken idempotency like
 * RunInstances'), CreateImage (from one of the caller's running or stopped instances; no client
 * token in this emulator, so a lost answer must be recovered by looking the name up) and
 * RegisterImage (from owned, completed snapshots; EC2's defaults when a field is left out:
 * architecture i386, virtualization paravirtual). Each new image — and each snapshot made for it —
 * starts `pending` and leaves it after the store's imageTiming.pendingMs (store.settlePending).
 * All three are mutating calls: dropAfterNextMutation applies (the image is made, the answer lost).
 */
import { createHash } from 'node:crypto';
import { Ec2Error, invalidParameterValue, missingParameter } from '../errors';
import { boolParam, indexedParam, intParam, type Params, requiredParam } from '../params';
import type { EmuBlockDeviceMapping, EmuImage, EmuSnapshot, EmuTag } from '../types';
import { el } from '../xml';
import { canSeeImage, canSeeSnapshot, checkImageId, checkSnapshotId, imageNotFound, snapshotNotFound, type Operation, type OperationContext } from './context';

/** EC2's rule for AMI names: 3–128 of letters, digits and ( ) [ ] space . / - ' @ _ */
const AMI_NAME = /^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/;
const DESCRIPTION_MAX = 255;
const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const KMS_KEY = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias\/[A-Za-z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key\/[0-9a-zA-Z-]+|alias\/[A-Za-z0-9/_-]+))$/;
const ARCHITECTURES = ['i386', 'x86_64', 'arm64', 'x86_64_mac', 'arm64_mac'];
const BOOT_MODES = ['legacy-bios', 'uefi', 'uefi-preferred'];

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000Z');
}

/** Name rules, then a name the caller already uses in this region (InvalidAMIName.Duplicate). */
function checkName(ctx: OperationContext, name: string): void {
  if (!AMI_NAME.test(name)) {
    throw new Ec2Error(
      'InvalidAMIName.Malformed',
      "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '[', ']', ' ', '.', '/', '-', ''', '@' and '_'",
    );
  }
  const taken = ctx.store.images(ctx.region).find((i) => i.ownerId === ctx.account && i.name === name && i.state !== 'deregistered');
  if (taken) throw new Ec2Error('InvalidAMIName.Duplicate', `AMI name ${name} is already in use by AMI ${taken.imageId}`);
}

function checkDescription(description: string | undefined): void {
  if (description !== undefined && description.length > DESCRIPTION_MAX) {
    throw new Ec2Error('InvalidParameterValue', `Value for parameter Description is invalid. Length exceeds maximum of ${DESCRIPTION_MAX} characters.`);
  }
}

/** TagSpecification.N for CreateImage / CopyImage / RegisterImage: resource types image and snapshot. */
function tagSpecifications(ctx: OperationContext): { image: EmuTag[]; snapshot: EmuTag[] } {
  const out = { image: [] as EmuTag[], snapshot: [] as EmuTag[] };
  for (const [n, entry] of indexedParam(ctx.params, 'TagSpecification')) {
    const type = entry.ResourceType;
    if (type === undefined) throw missingParameter(`TagSpecification.${n}.ResourceType`);
    if (type !== 'image' && type !== 'snapshot') throw new Ec2Error('InvalidParameterValue', `'${type}' is not a valid taggable resource type for this operation.`);
    for (const [m, tag] of indexedParam(entry, 'Tag')) {
      const key = tag.Key;
      if (key === undefined) throw missingParameter(`TagSpecification.${n}.Tag.${m}.Key`);
      if (key.toLowerCase().startsWith('aws:')) throw new Ec2Error('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
      if (key.length === 0 || key.length > 128 || (tag.Value ?? '').length > 256) throw new Ec2Error('InvalidParameterValue', `Tag key or value too long: '${key.slice(0, 40)}'`);
      out[type].push({ key, value: tag.Value ?? '' });
    }
  }
  return out;
}

/** A new snapshot owned by the caller in this region, pending until the image is available. */
function newSnapshot(ctx: OperationContext, from: { volumeSize: number; encrypted: boolean; kmsKeyId?: string }, description: string, tags: EmuTag[], availableAt: number): string {
  const snapshotId = ctx.store.newId('snap');
  const snapshot: EmuSnapshot = {
    snapshotId,
    region: ctx.region,
    ownerId: ctx.account,
    volumeId: 'vol-ffffffff',
    volumeSize: from.volumeSize,
    state: 'pending',
    startTime: isoSeconds(ctx.now),
    progress: '0%',
    description,
    encrypted: from.encrypted,
    ...(from.encrypted && from.kmsKeyId ? { kmsKeyId: from.kmsKeyId } : {}),
    storageTier: 'standard',
    tags: tags.map((t) => ({ ...t })),
    createVolumePermissions: [],
  };
  ctx.store.addSnapshot(snapshot);
  ctx.store.markPending('snapshot', ctx.region, snapshotId, availableAt);
  return snapshotId;
}

/** Stores a new pending image and schedules it to become available. */
function addPendingImage(ctx: OperationContext, image: EmuImage, availableAt: number): void {
  ctx.store.addImage(image);
  ctx.store.markPending('image', ctx.region, image.imageId, availableAt);
}

/** The fields every new image starts with (no sharing, no deprecation, no lifecycle marks). */
function freshImage(ctx: OperationContext, imageId: string, name: string, description: string | undefined): Pick<EmuImage, 'imageId' | 'region' | 'ownerId' | 'name' | 'state' | 'creationDate' | 'imageLocation' | 'launchPermissions' | 'productCodes'> & { description?: string } {
  return {
    imageId,
    region: ctx.region,
    ownerId: ctx.account,
    name,
    ...(description !== undefined ? { description } : {}),
    state: 'pending',
    creationDate: isoSeconds(ctx.now),
    imageLocation: `${ctx.account}/${name}`,
    launchPermissions: [],
    productCodes: [],
  };
}

function digest(params: Params): string {
  const h = createHash('sha256');
  for (const key of Object.keys(params).sort()) {
    if (key === 'ClientToken' || key === 'DryRun' || key === 'Action' || key === 'Version') continue;
    h.update(`${key}=${params[key] as string}\n`);
  }
  return h.digest('hex');
}

// ---- CopyImage ----

export const copyImage: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const p = ctx.params;
    const token = p.ClientToken;
    if (token !== undefined && (token.length > 64 || !/^[\x20-\x7e]*$/.test(token))) {
      throw new Ec2Error('InvalidParameterValue', 'ClientToken must be 64 ASCII characters or fewer.');
    }
    const fingerprint = digest(p);
    if (token) {
      const known = ctx.store.getImageToken(ctx.account, ctx.region, token);
      if (known) {
        if (known.fingerprint !== fingerprint) {
          throw new Ec2Error('IdempotentParameterMismatch', 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).');
        }
        return el('imageId', known.imageId);
      }
    }
    const sourceRegion = requiredParam(p, 'SourceRegion');
    const sourceImageId = requiredParam(p, 'SourceImageId');
    const name = p.Name;
    if (name === undefined || name === '') throw missingParameter('Name');
    const description = p.Description;
    checkDescription(description);
    const encrypted = boolParam(p, 'Encrypted') ?? false;
    const kmsKeyId = p.KmsKeyId;
    if (kmsKeyId !== undefined && !encrypted) throw new Ec2Error('InvalidParameterDependency', 'The parameter KmsKeyId requires the parameter Encrypted to be set.');
    if (kmsKeyId !== undefined && !KMS_KEY.test(kmsKeyId)) throw invalidParameterValue('KmsKeyId', kmsKeyId, 'Expected a KMS key id, alias or ARN');
    const copyTags = boolParam(p, 'CopyImageTags') ?? false;
    if (!ctx.store.isRegionEnabled(sourceRegion)) throw new Ec2Error('InvalidParameterValue', `Invalid value '${sourceRegion}' for SourceRegion.`);

    checkImageId(sourceImageId);
    const source = ctx.store.getImage(sourceRegion, sourceImageId);
    if (!source || !canSeeImage(source, ctx.account)) throw imageNotFound([sourceImageId]);
    if (source.ownerId !== ctx.account) {
      // Launchable but not mine: EC2 also needs read access to every backing snapshot, and refuses AWS Marketplace images.
      const snapshotsReadable = source.blockDeviceMappings.every((m) => {
        const id = m.ebs?.snapshotId;
        if (!id) return true;
        const s = ctx.store.getSnapshot(sourceRegion, id);
        return s !== undefined && canSeeSnapshot(s, ctx.account);
      });
      const marketplace = source.productCodes.some((c) => c.productCodeType === 'marketplace');
      if (!snapshotsReadable || marketplace) throw new Ec2Error('AuthFailure', `Not authorized for image:${sourceImageId}`);
    }
    if (source.state !== 'available') throw new Ec2Error('IncorrectState', `Image ${sourceImageId} is not in a state (${source.state}) from which it can be copied.`);
    checkName(ctx, name);

    const imageId = ctx.store.newId('ami');
    const availableAt = ctx.now + ctx.store.imageTiming.pendingMs;
    const snapshotDescription = `Copied for DestinationAmi ${imageId} from SourceAmi ${sourceImageId} for SourceSnapshot %s. Task created on ${isoSeconds(ctx.now)}.`;
    const defaultKey = `arn:aws:kms:${ctx.region}:${ctx.account}:alias/aws/ebs`;
    const mappings: EmuBlockDeviceMapping[] = source.blockDeviceMappings.map((m) => {
      if (!m.ebs?.snapshotId) return { ...m, ...(m.ebs ? { ebs: { ...m.ebs } } : {}) };
      const from = ctx.store.getSnapshot(sourceRegion, m.ebs.snapshotId);
      const isEncrypted = encrypted || (m.ebs.encrypted ?? from?.encrypted ?? false);
      const key = encrypted ? (kmsKeyId ?? defaultKey) : m.ebs.kmsKeyId ?? from?.kmsKeyId;
      const snapshotId = newSnapshot(
        ctx,
        { volumeSize: from?.volumeSize ?? m.ebs.volumeSize ?? 8, encrypted: isEncrypted, ...(isEncrypted && key ? { kmsKeyId: key } : {}) },
        snapshotDescription.replace('%s', m.ebs.snapshotId),
        [],
        availableAt,
      );
      const ebs = { ...m.ebs, snapshotId, encrypted: isEncrypted };
      if (isEncrypted && key) ebs.kmsKeyId = key;
      else delete ebs.kmsKeyId;
      return { ...m, ebs };
    });
    const image: EmuImage = {
      ...source,
      ...freshImage(ctx, imageId, name, description),
      tags: copyTags ? source.tags.filter((t) => !t.key.toLowerCase().startsWith('aws:')).map((t) => ({ ...t })) : [],
      blockDeviceMappings: mappings,
      productCodes: source.ownerId === ctx.account ? source.productCodes.map((c) => ({ ...c })) : [],
      sourceImageId,
      sourceImageRegion: sourceRegion,
    };
    if (description === undefined) delete image.description;
    for (const drop of ['ownerAlias', 'deprecationTime', 'lastLaunchedTime', 'deregistrationProtection', 'publicSsmParameterName', 'watermarks', 'scanResults', 'stateReason', 'sourceInstanceId'] as const) delete image[drop];
    addPendingImage(ctx, image, availableAt);
    if (token) ctx.store.setImageToken(ctx.account, ctx.region, token, { fingerprint, imageId });
    return el('imageId', imageId);
  },
};

// ---- CreateImage ----

export const createImage: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const p = ctx.params;
    const instanceId = requiredParam(p, 'InstanceId');
    const name = p.Name;
    if (name === undefined || name === '') throw missingParameter('Name');
    const description = p.Description;
    checkDescription(description);
    const noReboot = boolParam(p, 'NoReboot') ?? false;
    if (!INSTANCE_ID.test(instanceId)) throw new Ec2Error('InvalidInstanceID.Malformed', `Invalid id: "${instanceId}"`);
    const instance = ctx.store.getInstance(ctx.region, instanceId);
    if (!instance || instance.ownerId !== ctx.account) throw new Ec2Error('InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`);
    const state = ctx.store.instanceState(instance, ctx.now);
    if (state !== 'running' && state !== 'stopped') throw new Ec2Error('IncorrectState', `The instance '${instanceId}' is not in a state from which it can be imaged.`);
    const tags = tagSpecifications(ctx);
    checkName(ctx, name);

    const imageId = ctx.store.newId('ami');
    const availableAt = ctx.now + ctx.store.imageTiming.pendingMs;
    const mappings: EmuBlockDeviceMapping[] = instance.volumes.map((v) => ({
      deviceName: v.deviceName,
      ebs: {
        snapshotId: newSnapshot(ctx, { volumeSize: v.volumeSize, encrypted: v.encrypted }, `Created by CreateImage(${instanceId}) for ${imageId}`, tags.snapshot, availableAt),
        volumeSize: v.volumeSize,
        volumeType: v.volumeType,
        deleteOnTermination: v.deleteOnTermination,
        encrypted: v.encrypted,
      },
    }));
    const image: EmuImage = {
      ...freshImage(ctx, imageId, name, description),
      architecture: instance.architecture,
      ...(instance.platform ? { platform: instance.platform } : {}),
      platformDetails: instance.platformDetails,
      usageOperation: instance.platform === 'windows' ? 'RunInstances:0002' : 'RunInstances',
      imageType: 'machine',
      virtualizationType: instance.virtualizationType,
      hypervisor: 'xen',
      enaSupport: instance.enaSupport,
      ...(instance.bootMode ? { bootMode: instance.bootMode } : {}),
      rootDeviceName: instance.rootDeviceName,
      rootDeviceType: 'ebs',
      sourceInstanceId: instanceId,
      tags: tags.image,
      blockDeviceMappings: mappings,
    };
    addPendingImage(ctx, image, availableAt);
    // Without NoReboot EC2 reboots the instance; its state reads `running` again by the time anyone looks.
    void noReboot;
    return el('imageId', imageId);
  },
};

// ---- RegisterImage ----

export const registerImage: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const p = ctx.params;
    const name = p.Name;
    if (name === undefined || name === '') throw missingParameter('Name');
    const description = p.Description;
    checkDescription(description);
    if (p.ImageLocation !== undefined) throw new Ec2Error('InvalidParameterValue', 'Registering instance store-backed images from ImageLocation is not supported by this emulator.');
    // EC2's defaults when the request leaves them out: i386 and paravirtual.
    const architecture = p.Architecture ?? 'i386';
    if (!ARCHITECTURES.includes(architecture)) throw invalidParameterValue('Architecture', architecture);
    const virtualizationType = p.VirtualizationType ?? 'paravirtual';
    if (virtualizationType !== 'hvm' && virtualizationType !== 'paravirtual') throw invalidParameterValue('VirtualizationType', virtualizationType);
    const bootMode = p.BootMode;
    if (bootMode !== undefined && !BOOT_MODES.includes(bootMode)) throw invalidParameterValue('BootMode', bootMode);
    const enaSupport = boolParam(p, 'EnaSupport');
    const tpmSupport = p.TpmSupport;
    if (tpmSupport !== undefined && tpmSupport !== 'v2.0') throw invalidParameterValue('TpmSupport', tpmSupport);
    if (tpmSupport !== undefined && bootMode !== 'uefi') throw new Ec2Error('InvalidParameterCombination', 'NitroTPM requires the boot mode uefi.');
    if (architecture === 'arm64' && virtualizationType !== 'hvm') throw new Ec2Error('InvalidParameterCombination', 'The arm64 architecture requires the hvm virtualization type.');
    if (architecture === 'arm64' && bootMode === 'legacy-bios') throw new Ec2Error('InvalidParameterCombination', 'The arm64 architecture requires the boot mode uefi.');
    const rootDeviceName = p.RootDeviceName;
    if (rootDeviceName === undefined || rootDeviceName === '') throw missingParameter('RootDeviceName');
    const imdsSupport = p.ImdsSupport;
    if (imdsSupport !== undefined && imdsSupport !== 'v2.0') throw invalidParameterValue('ImdsSupport', imdsSupport);

    const entries = indexedParam(p, 'BlockDeviceMapping');
    const tags = tagSpecifications(ctx);
    const mappings: EmuBlockDeviceMapping[] = [];
    const devices = new Set<string>();
    for (const [n, entry] of entries) {
      const deviceName = entry.DeviceName;
      if (deviceName === undefined) throw missingParameter(`BlockDeviceMapping.${n}.DeviceName`);
      if (devices.has(deviceName)) throw new Ec2Error('InvalidBlockDeviceMapping', `The device '${deviceName}' is used in more than one block-device mapping`);
      devices.add(deviceName);
      const snapshotId = entry['Ebs.SnapshotId'];
      const size = intParam(entry, 'Ebs.VolumeSize');
      if (snapshotId === undefined) {
        if (size === undefined && entry.VirtualName === undefined && entry.NoDevice === undefined) throw new Ec2Error('InvalidBlockDeviceMapping', `The device '${deviceName}' needs a snapshot or a volume size.`);
      } else {
        checkSnapshotId(snapshotId);
        const snapshot = ctx.store.getSnapshot(ctx.region, snapshotId);
        if (!snapshot || !canSeeSnapshot(snapshot, ctx.account)) throw snapshotNotFound(snapshotId);
        if (snapshot.ownerId !== ctx.account) throw new Ec2Error('AuthFailure', `Not authorized for snapshot:${snapshotId}`);
        if (snapshot.state !== 'completed') throw new Ec2Error('IncorrectState', `Snapshot '${snapshotId}' is not 'completed' (it is '${snapshot.state}').`);
        if (size !== undefined && size < snapshot.volumeSize) {
          throw new Ec2Error('InvalidBlockDeviceMapping', `Volume of size ${size}GB is smaller than snapshot '${snapshotId}', expect size >= ${snapshot.volumeSize}GB`);
        }
      }
      const volumeType = entry['Ebs.VolumeType'] ?? 'gp2';
      if (!['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'].includes(volumeType)) throw invalidParameterValue(`BlockDeviceMapping.${n}.Ebs.VolumeType`, volumeType);
      const snapshot = snapshotId ? ctx.store.getSnapshot(ctx.region, snapshotId) : undefined;
      mappings.push({
        deviceName,
        ...(entry.VirtualName !== undefined ? { virtualName: entry.VirtualName } : {}),
        ...(entry.NoDevice !== undefined
          ? { noDevice: '' }
          : entry.VirtualName === undefined
            ? {
                ebs: {
                  ...(snapshotId ? { snapshotId } : {}),
                  volumeSize: size ?? snapshot?.volumeSize ?? 8,
                  volumeType,
                  deleteOnTermination: boolParam(entry, 'Ebs.DeleteOnTermination') ?? true,
                  encrypted: snapshot?.encrypted ?? false,
                  ...(snapshot?.kmsKeyId ? { kmsKeyId: snapshot.kmsKeyId } : {}),
                },
              }
            : {}),
      });
    }
    const root = mappings.find((m) => m.deviceName === rootDeviceName);
    if (!root?.ebs?.snapshotId) throw new Ec2Error('InvalidBlockDeviceMapping', `The root device '${rootDeviceName}' needs a block device mapping with a snapshot.`);
    checkName(ctx, name);

    const imageId = ctx.store.newId('ami');
    const availableAt = ctx.now + ctx.store.imageTiming.pendingMs;
    for (const tag of tags.snapshot) {
      for (const m of mappings) if (m.ebs?.snapshotId) ctx.store.setTag(ctx.region, m.ebs.snapshotId, tag.key, tag.value);
    }
    const image: EmuImage = {
      ...freshImage(ctx, imageId, name, description),
      architecture,
      platformDetails: 'Linux/UNIX',
      usageOperation: 'RunInstances',
      imageType: 'machine',
      virtualizationType,
      hypervisor: 'xen',
      ...(enaSupport !== undefined ? { enaSupport } : {}),
      ...(bootMode !== undefined ? { bootMode } : {}),
      ...(tpmSupport !== undefined ? { tpmSupport } : {}),
      ...(imdsSupport !== undefined ? { imdsSupport } : {}),
      rootDeviceName,
      rootDeviceType: 'ebs',
      tags: tags.image,
      blockDeviceMappings: mappings,
    };
    addPendingImage(ctx, image, availableAt);
    return el('imageId', imageId);
  },
};

