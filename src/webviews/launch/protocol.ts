/**
 * Messages of the "Launch Instance" panel, imported by the host (launchPanel.ts) and the page
 * (ui/main.ts). The page is never trusted: every form it sends is checked here field by field
 * (strings bounded, integers, known enum values, AWS id patterns) before the host looks at it, and
 * the host then checks its content through LaunchData (the model's validation and the dry run).
 * What the host answers (verdicts, outcomes) is reduced to plain texts the page shows as text.
 */
import type { AmiRef } from '../../model/image';
import { VOLUME_TYPES, type FieldProblem, type InstanceInfo, type KeyPairInfo, type LaunchField, type LaunchForm, type LaunchTag, type PublicIpChoice, type SecurityGroupInfo, type SubnetInfo, type VolumeChoice } from '../../model/launch';
import type { LaunchOptions } from '../../data/launch';
import {
  arrayOf,
  exactObject,
  isAmiRef,
  isBoolean,
  isEmptyObject,
  isRecord,
  isSafeInteger,
  isString,
  matching,
  oneOf,
  optional,
  type Guard,
} from '../guards';
import { definePanelProtocol } from '../panelProtocol';
import { defineCommand, defineRequest } from '../protocol';

export { LAUNCH_VIEW_TYPE } from '../viewTypes';

export const PUBLIC_IP_CHOICES = ['subnetDefault', 'enable', 'disable'] as const satisfies readonly PublicIpChoice[];
export const LAUNCH_FIELDS = [
  'image',
  'instanceType',
  'count',
  'name',
  'tags',
  'keyName',
  'vpc',
  'subnet',
  'securityGroups',
  'publicIp',
  'volumes',
  'imds',
  'iamInstanceProfile',
  'userData',
] as const satisfies readonly LaunchField[];

/** Bounds of what one form may carry (EC2's own limits are checked by the model). */
export const MAX_TAGS = 50;
export const MAX_VOLUMES = 32;
export const MAX_GROUPS = 16;
/** Characters of user data one message may carry; the 16 KB byte limit itself is the model's check, with its message. */
export const MAX_USER_DATA_CHARS = 64 * 1024;

/** A bounded single-line text: no control characters (tabs, line breaks, NUL…). */
function text(maxLength: number): Guard<string> {
  // eslint-disable-next-line no-control-regex
  return matching(/^[^\u0000-\u001f\u007f]*$/, maxLength);
}

/** An integer within [min, max]. */
function intIn(min: number, max: number): Guard<number> {
  return (v): v is number => isSafeInteger(v) && v >= min && v <= max;
}

const isInstanceTypeName = matching(/^[a-z0-9][a-z0-9.-]{0,63}$|^$/, 64);
const isVpcId = matching(/^vpc-[0-9a-f]{8,17}$/, 21);
const isSubnetId = matching(/^subnet-[0-9a-f]{8,17}$/, 24);
const isGroupId = matching(/^sg-[0-9a-f]{8,17}$/, 20);
const isSnapshotId = matching(/^snap-[0-9a-f]{8,17}$/, 22);
export const isInstanceId = matching(/^i-[0-9a-f]{8,17}$/, 19);
/**
 * A device name: one line, bounded. Not narrower: an AMI's own rows carry whatever its mapping
 * says (the host takes those only when they are the image's), and the added volume's name is
 * checked by the model.
 */
// eslint-disable-next-line no-control-regex
const isDeviceName = matching(/^[^\u0000-\u001f\u007f]{1,128}$/, 128);

export const isLaunchTag: Guard<LaunchTag> = exactObject({ key: text(128), value: text(256) });

export const isVolumeChoice: Guard<VolumeChoice> = exactObject({
  deviceName: isDeviceName,
  snapshotId: optional(isSnapshotId),
  minSizeGiB: optional(intIn(0, 65536)),
  sizeGiB: intIn(0, 65536),
  volumeType: oneOf(VOLUME_TYPES),
  iops: optional(intIn(0, 1_000_000)),
  throughput: optional(intIn(0, 100_000)),
  encrypted: isBoolean,
  deleteOnTermination: isBoolean,
  added: optional(isBoolean),
}) as Guard<VolumeChoice>;

/** A whole form, strictly: exactly these keys, each of its type and bounded. */
export const isLaunchForm: Guard<LaunchForm> = exactObject({
  instanceType: isInstanceTypeName,
  count: intIn(0, 10_000),
  name: text(256),
  tags: arrayOf(isLaunchTag, MAX_TAGS),
  keyName: optional(text(255)),
  vpcId: optional(isVpcId),
  subnetId: optional(isSubnetId),
  securityGroupIds: arrayOf(isGroupId, MAX_GROUPS),
  publicIp: oneOf(PUBLIC_IP_CHOICES),
  volumes: arrayOf(isVolumeChoice, MAX_VOLUMES),
  imdsV2Required: isBoolean,
  iamInstanceProfile: optional(text(2048)),
  userData: optional(matching(/^[\s\S]*$/, MAX_USER_DATA_CHARS)),
}) as Guard<LaunchForm>;

// ---- the model the host shows: the launch options ----

/** What the panel shows: the options of LaunchData.loadOptions. */
export interface LaunchModel {
  version: 1;
  ref: AmiRef;
  options: LaunchOptions;
}

/** Enough of a LaunchModel to render it; the model comes from our own host. */
export const isLaunchModel: Guard<LaunchModel> = (v): v is LaunchModel =>
  isRecord(v) &&
  v.version === 1 &&
  isAmiRef(v.ref) &&
  isRecord(v.options) &&
  isRecord(v.options.image) &&
  Array.isArray(v.options.instanceTypes) &&
  Array.isArray(v.options.keyPairs) &&
  Array.isArray(v.options.vpcs) &&
  Array.isArray(v.options.subnets) &&
  Array.isArray(v.options.securityGroups) &&
  isLaunchForm(v.options.form);

// ---- verdicts and outcomes, as the page shows them ----

/** A validation's verdict, with the failure already put in words by the host. */
export type VerdictView =
  | { kind: 'valid' }
  | { kind: 'invalid'; problems: FieldProblem[] }
  /** `field`: where the error belongs; `marketplace`: the host can open the product's Marketplace page. */
  | { kind: 'refused'; message: string; code?: string; field?: LaunchField; marketplace?: boolean };

export interface InstanceView extends InstanceInfo {
  /** "Copy SSH Command" applies (a Linux image and an address). */
  ssh: boolean;
}

export type OutcomeView =
  | { kind: 'refused'; verdict: VerdictView }
  | { kind: 'failed'; message: string }
  | {
      kind: 'launched';
      reservationId: string;
      instances: InstanceView[];
      recovered: boolean;
      running: boolean;
      waitCancelled: boolean;
      waitFailure?: string;
      /** The key pair they were launched with: kept with the outcome, so SSH commands still work after a reload. */
      keyName?: string;
    };

const isFieldProblem: Guard<FieldProblem> = exactObject({ field: oneOf(LAUNCH_FIELDS), message: isString, index: optional(isSafeInteger) });

export const isVerdictView: Guard<VerdictView> = (v): v is VerdictView =>
  isRecord(v) &&
  (v.kind === 'valid'
    ? Object.keys(v).length === 1
    : v.kind === 'invalid'
      ? arrayOf(isFieldProblem, 1000)(v.problems)
      : exactObject({ kind: oneOf(['refused'] as const), message: isString, code: optional(isString), field: optional(oneOf(LAUNCH_FIELDS)), marketplace: optional(isBoolean) })(v));

const isAddress = optional(text(255));

/**
 * One launched instance. Strict, because a restored page's kept state names the instances the host
 * acts on again (copy, SSH, console): well-formed ids, bounded single-line texts.
 */
const isInstanceView: Guard<InstanceView> = (v): v is InstanceView =>
  isRecord(v) &&
  isInstanceId(v.instanceId) &&
  text(64)(v.state) &&
  isBoolean(v.ssh) &&
  isAddress(v.privateIpAddress) &&
  isAddress(v.publicIpAddress) &&
  isAddress(v.publicDnsName) &&
  optional(text(64))(v.instanceType) &&
  optional(text(64))(v.availabilityZone) &&
  optional(text(64))(v.launchTime) &&
  optional(text(255))(v.keyName);

export const isOutcomeView: Guard<OutcomeView> = (v): v is OutcomeView => {
  if (!isRecord(v)) return false;
  if (v.kind === 'refused') return isVerdictView(v.verdict);
  if (v.kind === 'failed') return isString(v.message);
  return (
    v.kind === 'launched' &&
    isString(v.reservationId) &&
    arrayOf(isInstanceView, 10_000)(v.instances) &&
    isBoolean(v.recovered) &&
    isBoolean(v.running) &&
    isBoolean(v.waitCancelled) &&
    optional(isString)(v.waitFailure) &&
    optional(text(255))(v.keyName)
  );
};

// ---- what the page keeps (setState) ----

export interface LaunchState {
  version: 1;
  ref: AmiRef;
  /** The form as typed (user data included: it is not a secret). */
  form?: LaunchForm;
  /** The last outcome shown. */
  outcome?: OutcomeView;
}

/** Checked on the host side, where a restored state picks the image; on the page, the form is checked too. */
export const isLaunchState: Guard<LaunchState> = (v): v is LaunchState =>
  isRecord(v) && v.version === 1 && isAmiRef(v.ref) && (v.form === undefined || isLaunchForm(v.form)) && (v.outcome === undefined || isOutcomeView(v.outcome));

// ---- the panel base's messages: ready, state, loading, error, gone ----

export const LaunchProtocol = definePanelProtocol('launch', isAmiRef, isLaunchModel);

// ---- webview → host ----

const isSubnetInfo: Guard<SubnetInfo> = (v): v is SubnetInfo => isRecord(v) && isString(v.subnetId) && isString(v.vpcId) && isString(v.availabilityZone) && isBoolean(v.defaultForAz);
const isSecurityGroupInfo: Guard<SecurityGroupInfo> = (v): v is SecurityGroupInfo => isRecord(v) && isString(v.groupId) && isString(v.groupName);
const isKeyPairInfo: Guard<KeyPairInfo> = (v): v is KeyPairInfo => isRecord(v) && isString(v.keyName);

/** The subnets and security groups of a VPC. */
export const NetworkRequest = defineRequest(
  'launch/network',
  exactObject({ vpcId: isVpcId }),
  exactObject({ subnets: arrayOf(isSubnetInfo), securityGroups: arrayOf(isSecurityGroupInfo), message: optional(isString) }),
);

/** The types offered in a zone (to mark the others); `types` absent when it could not be read. */
export const OfferingsRequest = defineRequest(
  'launch/offerings',
  exactObject({ availabilityZone: matching(/^[a-z]{2}(-[a-z0-9]+)+-?[a-z0-9]*$/, 64) }),
  exactObject({ types: optional(arrayOf(isString)), message: optional(isString) }),
);

/** "Create key pair…": dialogs on the host; the name created, the key pairs read again, or why not. */
export const CreateKeyPairRequest = defineRequest(
  'launch/createKeyPair',
  isEmptyObject,
  exactObject({ keyName: optional(isString), keyFile: optional(isString), keyPairs: optional(arrayOf(isKeyPairInfo)), message: optional(isString) }),
);

/** "From file…": the host picks and reads a workspace file (16 KB at most); the text, or why not. */
export const UserDataFileRequest = defineRequest('launch/userDataFile', isEmptyObject, exactObject({ text: optional(isString), file: optional(isString), message: optional(isString) }));

export const ValidateRequest = defineRequest('launch/validate', exactObject({ form: isLaunchForm }), isVerdictView);

export const LaunchRequest = defineRequest('launch/launch', exactObject({ form: isLaunchForm }), isOutcomeView);

/** Copies an instance's id or its SSH command (built by the host from its own results). */
export const CopyRequest = defineRequest(
  'launch/copy',
  exactObject({ instanceId: isInstanceId, what: oneOf(['id', 'ssh'] as const) }),
  exactObject({ copied: optional(isString), message: optional(isString) }),
);

export const OpenConsoleCommand = defineCommand('launch/openConsole', exactObject({ instanceId: isInstanceId }));
/** Opens the Marketplace page of the last refusal (the host holds the URL, the page only asks). */
export const OpenMarketplaceCommand = defineCommand('launch/openMarketplace', isEmptyObject);
export const RefreshCommand = defineCommand('launch/refresh', isEmptyObject);
