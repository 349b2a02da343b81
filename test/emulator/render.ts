/**
 * Records to EC2 XML, element names as the SDK's ec2Query deserializer reads them
 * (`imageOwnerId`, `imageState`, `isPublic`, `tagSet`, `blockDeviceMapping`, …).
 * Fields without an EC2 wire name in the model (e.g. EbsBlockDevice.VolumeInitializationRate)
 * use the member name, which is what the SDK looks for.
 */
import type { EmuBlockDeviceMapping, EmuImage, EmuLaunchPermission, EmuProductCode, EmuSnapshot, EmuTag } from './types';
import { isPublicImage } from './types';
import { el, list, wrap } from './xml';

export function renderTags(tags: EmuTag[]): string {
  return list('tagSet', tags, (t) => el('key', t.key) + el('value', t.value));
}

export function renderProductCodes(codes: EmuProductCode[]): string {
  return list('productCodes', codes, (p) => el('productCode', p.productCodeId) + el('type', p.productCodeType));
}

export function renderBlockDeviceMapping(m: EmuBlockDeviceMapping): string {
  let out = el('deviceName', m.deviceName) + el('virtualName', m.virtualName) + el('noDevice', m.noDevice);
  if (m.ebs) {
    const e = m.ebs;
    out += wrap(
      'ebs',
      el('deleteOnTermination', e.deleteOnTermination) +
        el('iops', e.iops) +
        el('snapshotId', e.snapshotId) +
        el('volumeSize', e.volumeSize) +
        el('volumeType', e.volumeType) +
        el('kmsKeyId', e.kmsKeyId) +
        el('throughput', e.throughput) +
        el('outpostArn', e.outpostArn) +
        el('availabilityZone', e.availabilityZone) +
        el('encrypted', e.encrypted) +
        el('VolumeInitializationRate', e.volumeInitializationRate) +
        el('AvailabilityZoneId', e.availabilityZoneId) +
        el('EbsCardIndex', e.ebsCardIndex),
    );
  }
  return out;
}

export function renderLaunchPermission(p: EmuLaunchPermission): string {
  return el('userId', p.userId) + el('group', p.group) + el('organizationArn', p.organizationArn) + el('organizationalUnitArn', p.organizationalUnitArn);
}

export function renderImage(i: EmuImage): string {
  let out =
    el('imageId', i.imageId) +
    el('imageLocation', i.imageLocation) +
    el('imageState', i.state) +
    el('imageOwnerId', i.ownerId) +
    el('creationDate', i.creationDate) +
    el('isPublic', isPublicImage(i)) +
    (i.productCodes.length > 0 ? renderProductCodes(i.productCodes) : '') +
    el('architecture', i.architecture) +
    el('imageType', i.imageType) +
    el('kernelId', i.kernelId) +
    el('ramdiskId', i.ramdiskId) +
    el('platform', i.platform) +
    el('platformDetails', i.platformDetails) +
    el('usageOperation', i.usageOperation) +
    el('imageOwnerAlias', i.ownerAlias) +
    el('name', i.name) +
    el('description', i.description) +
    el('rootDeviceType', i.rootDeviceType) +
    el('rootDeviceName', i.rootDeviceName) +
    list('blockDeviceMapping', i.blockDeviceMappings, renderBlockDeviceMapping) +
    el('virtualizationType', i.virtualizationType) +
    (i.tags.length > 0 ? renderTags(i.tags) : '') +
    el('hypervisor', i.hypervisor) +
    el('enaSupport', i.enaSupport) +
    el('sriovNetSupport', i.sriovNetSupport) +
    el('bootMode', i.bootMode) +
    el('tpmSupport', i.tpmSupport) +
    el('deprecationTime', i.deprecationTime) +
    el('imdsSupport', i.imdsSupport) +
    el('sourceInstanceId', i.sourceInstanceId) +
    el('deregistrationProtection', i.deregistrationProtection) +
    el('lastLaunchedTime', i.lastLaunchedTime) +
    el('imageAllowed', i.imageAllowed) +
    el('sourceImageId', i.sourceImageId) +
    el('sourceImageRegion', i.sourceImageRegion) +
    el('freeTierEligible', i.freeTierEligible) +
    el('publicSsmParameterName', i.publicSsmParameterName);
  if (i.stateReason) out += wrap('stateReason', el('code', i.stateReason.code) + el('message', i.stateReason.message));
  if (i.watermarks) {
    out += list(
      'imageWatermarkSet',
      i.watermarks,
      (w) =>
        el('watermarkKey', w.watermarkKey) +
        el('sourceImageRegion', w.sourceImageRegion) +
        el('sourceImageId', w.sourceImageId) +
        el('sourceImageCreationTime', w.sourceImageCreationTime) +
        el('watermarkCreationTime', w.watermarkCreationTime),
    );
  }
  if (i.scanResults) {
    const s = i.scanResults;
    out += wrap(
      'scanResults',
      el('highestFindingSeverityLabel', s.highestFindingSeverityLabel) +
        el('findingScanDate', s.findingScanDate) +
        el('informationalFixAvailableSince', s.informationalFixAvailableSince) +
        el('lowFixAvailableSince', s.lowFixAvailableSince) +
        el('mediumFixAvailableSince', s.mediumFixAvailableSince) +
        el('highFixAvailableSince', s.highFixAvailableSince) +
        el('criticalFixAvailableSince', s.criticalFixAvailableSince),
    );
  }
  if (i.instanceTypeSpecification) {
    out += wrap(
      'instanceTypeSpecification',
      list('supportedInstanceTypeSet', i.instanceTypeSpecification.supported, (t) => el('instanceType', t)) +
        list('unsupportedInstanceTypeSet', i.instanceTypeSpecification.unsupported, (t) => el('instanceType', t)),
    );
  }
  return out;
}

export function renderSnapshot(s: EmuSnapshot): string {
  return (
    el('snapshotId', s.snapshotId) +
    el('volumeId', s.volumeId) +
    el('status', s.state) +
    el('statusMessage', s.stateMessage) +
    el('startTime', s.startTime) +
    el('completionTime', s.completionTime) +
    el('progress', s.progress) +
    el('ownerId', s.ownerId) +
    el('ownerAlias', s.ownerAlias) +
    el('volumeSize', s.volumeSize) +
    el('description', s.description) +
    el('encrypted', s.encrypted) +
    el('kmsKeyId', s.kmsKeyId) +
    el('storageTier', s.storageTier) +
    (s.tags.length > 0 ? renderTags(s.tags) : '')
  );
}
