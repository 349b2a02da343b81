/**
 * Records to EC2 XML, element names as the SDK's ec2Query deserializer reads them
 * (`imageOwnerId`, `imageState`, `isPublic`, `tagSet`, `blockDeviceMapping`, …).
 * Fields without an EC2 wire name in the model (e.g. EbsBlockDevice.VolumeInitializationRate)
 * use the member name, which is what the SDK looks for.
 */
import { INSTANCE_STATE_CODES } from './store';
import type {
  EmuBlockDeviceMapping,
  EmuImage,
  EmuInstance,
  EmuInstanceType,
  EmuKeyPair,
  EmuLaunchPermission,
  EmuProductCode,
  EmuSecurityGroup,
  EmuSnapshot,
  EmuSubnet,
  EmuTag,
  EmuVpc,
} from './types';
import { isPublicImage } from './types';
import { el, escapeXml, list, wrap } from './xml';

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

// ---- launching ----

const items = (name: string, values: readonly string[]): string => list(name, values, (v) => escapeXml(v));

export function renderInstanceType(t: EmuInstanceType): string {
  return (
    el('instanceType', t.instanceType) +
    el('currentGeneration', t.currentGeneration) +
    el('freeTierEligible', t.freeTierEligible) +
    items('supportedUsageClasses', t.architectures.includes('x86_64_mac') ? ['on-demand'] : ['on-demand', 'spot']) +
    items('supportedRootDeviceTypes', ['ebs']) +
    items('supportedVirtualizationTypes', t.virtualizationTypes) +
    el('bareMetal', t.bareMetal) +
    el('hypervisor', t.hypervisor) +
    wrap('processorInfo', items('supportedArchitectures', t.architectures) + el('manufacturer', t.manufacturer)) +
    wrap('vCpuInfo', el('defaultVCpus', t.vCpus)) +
    wrap('memoryInfo', el('sizeInMiB', t.memoryMiB)) +
    el('instanceStorageSupported', false) +
    wrap('ebsInfo', el('ebsOptimizedSupport', t.hypervisor === 'nitro' ? 'default' : 'supported') + el('encryptionSupport', 'supported') + el('nvmeSupport', t.hypervisor === 'nitro' ? 'required' : 'unsupported')) +
    wrap(
      'networkInfo',
      el('networkPerformance', t.networkPerformance) + el('maximumNetworkInterfaces', Math.max(2, t.vCpus)) + el('ipv4AddressesPerInterface', 2 * Math.max(2, t.vCpus)) + el('ipv6Supported', t.enaSupport !== 'unsupported') + el('enaSupport', t.enaSupport),
    ) +
    el('burstablePerformanceSupported', t.burstable) +
    items('supportedBootModes', t.bootModes)
  );
}

export function renderKeyPair(k: EmuKeyPair): string {
  return el('keyPairId', k.keyPairId) + el('keyName', k.keyName) + el('keyFingerprint', k.keyFingerprint) + el('keyType', k.keyType) + renderTags(k.tags) + el('createTime', k.createTime);
}

export function renderVpc(v: EmuVpc): string {
  return (
    el('vpcId', v.vpcId) +
    el('ownerId', v.ownerId) +
    el('state', 'available') +
    el('cidrBlock', v.cidrBlock) +
    list('cidrBlockAssociationSet', [v], (x) => el('cidrBlock', x.cidrBlock) + el('associationId', `vpc-cidr-assoc-${x.vpcId.slice(4)}`) + wrap('cidrBlockState', el('state', 'associated'))) +
    el('dhcpOptionsId', `dopt-${v.vpcId.slice(4)}`) +
    el('instanceTenancy', 'default') +
    el('isDefault', v.isDefault) +
    renderTags(v.tags)
  );
}

export function renderSubnet(s: EmuSubnet): string {
  return (
    el('subnetId', s.subnetId) +
    el('subnetArn', `arn:aws:ec2:${s.region}:${s.ownerId}:subnet/${s.subnetId}`) +
    el('state', 'available') +
    el('ownerId', s.ownerId) +
    el('vpcId', s.vpcId) +
    el('cidrBlock', s.cidrBlock) +
    el('availableIpAddressCount', s.availableIpAddressCount) +
    el('availabilityZone', s.availabilityZone) +
    el('availabilityZoneId', `${s.region.split('-').map((p) => p[0]).join('')}${s.region.slice(-1)}-az${s.availabilityZone.charCodeAt(s.availabilityZone.length - 1) - 96}`) +
    el('defaultForAz', s.defaultForAz) +
    el('mapPublicIpOnLaunch', s.mapPublicIpOnLaunch) +
    renderTags(s.tags)
  );
}

export function renderSecurityGroup(g: EmuSecurityGroup): string {
  return (
    el('ownerId', g.ownerId) +
    el('groupId', g.groupId) +
    el('groupName', g.groupName) +
    el('groupDescription', g.description) +
    el('vpcId', g.vpcId) +
    '<ipPermissions/>' +
    list('ipPermissionsEgress', [g], () => el('ipProtocol', '-1') + list('ipRanges', ['0.0.0.0/0'], (c) => el('cidrIp', c))) +
    renderTags(g.tags)
  );
}

function renderState(name: string): string {
  return el('code', INSTANCE_STATE_CODES[name] ?? 0) + el('name', name);
}

export function renderInstanceStateChange(instanceId: string, current: string, previous: string): string {
  return el('instanceId', instanceId) + wrap('currentState', renderState(current)) + wrap('previousState', renderState(previous));
}

/** One instance as RunInstances and DescribeInstances answer; `state` as of the call. */
export function renderInstance(i: EmuInstance, state: string): string {
  const live = state === 'pending' || state === 'running';
  const privateDns = `ip-${i.privateIpAddress.replace(/\./g, '-')}.${i.region === 'us-east-1' ? 'ec2.internal' : `${i.region}.compute.internal`}`;
  const publicDns = i.publicIpAddress && state === 'running' ? `ec2-${i.publicIpAddress.replace(/\./g, '-')}.${i.region === 'us-east-1' ? 'compute-1' : `${i.region}.compute`}.amazonaws.com` : '';
  return (
    el('instanceId', i.instanceId) +
    el('imageId', i.imageId) +
    wrap('instanceState', renderState(state)) +
    el('privateDnsName', live ? privateDns : '') +
    el('dnsName', publicDns) +
    el('reason', state === 'shutting-down' || state === 'terminated' ? 'User initiated' : '') +
    el('keyName', i.keyName) +
    el('amiLaunchIndex', i.amiLaunchIndex) +
    '<productCodes/>' +
    el('instanceType', i.instanceType) +
    el('launchTime', i.launchTime) +
    wrap('placement', el('availabilityZone', i.availabilityZone) + el('groupName', '') + el('tenancy', 'default')) +
    el('platform', i.platform) +
    wrap('monitoring', el('state', 'disabled')) +
    (live ? el('subnetId', i.subnetId) + el('vpcId', i.vpcId) + el('privateIpAddress', i.privateIpAddress) : '') +
    (live ? el('ipAddress', i.publicIpAddress) : '') +
    el('sourceDestCheck', true) +
    list('groupSet', i.groups, (g) => el('groupId', g.groupId) + el('groupName', g.groupName)) +
    el('architecture', i.architecture) +
    el('rootDeviceType', 'ebs') +
    el('rootDeviceName', i.rootDeviceName) +
    list(
      'blockDeviceMapping',
      state === 'terminated' ? [] : i.volumes,
      (v) => el('deviceName', v.deviceName) + wrap('ebs', el('volumeId', v.volumeId) + el('status', state === 'pending' ? 'attaching' : 'attached') + el('attachTime', i.launchTime) + el('deleteOnTermination', v.deleteOnTermination)),
    ) +
    el('virtualizationType', i.virtualizationType) +
    el('clientToken', i.clientToken ?? '') +
    (i.tags.length > 0 ? renderTags(i.tags) : '') +
    el('hypervisor', 'xen') +
    (i.iamInstanceProfile ? wrap('iamInstanceProfile', el('arn', `arn:aws:iam::${i.ownerId}:instance-profile/${i.iamInstanceProfile}`) + el('id', `AIPA${i.instanceId.slice(2, 19).toUpperCase()}`)) : '') +
    el('ebsOptimized', false) +
    el('enaSupport', i.enaSupport) +
    wrap(
      'metadataOptions',
      el('state', state === 'pending' ? 'pending' : 'applied') + el('httpTokens', i.metadataHttpTokens) + el('httpPutResponseHopLimit', i.metadataHopLimit) + el('httpEndpoint', i.metadataHttpEndpoint),
    ) +
    el('bootMode', i.bootMode) +
    el('platformDetails', i.platformDetails)
  );
}
