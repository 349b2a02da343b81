/**
 * The service layer's public contract. The rest of the extension imports these types (type-only),
 * and reaches the implementation through src/awsLoader.ts so the SDK is loaded on the first AWS call.
 * No SDK imports here.
 */
import type { TagChange } from '../model/changes';
import type { AmiImage, AncestryEntry, ImageAttributeName, ImageAttributeValue, SnapshotInfo } from '../model/image';
// hygiene (#11)
import type { AllowedImagesSettings } from '../model/hygiene';
import type { CreateVolumePermissionState, ImageBlockPublicAccess, LaunchPermissionModification, LaunchPermissionState } from '../model/launchPermissions';
import type {
  CreatedKeyPair,
  InstanceInfo,
  InstanceTypeInfo,
  KeyPairInfo,
  LaunchedReservation,
  LaunchRequest,
  SecurityGroupInfo,
  SubnetInfo,
  VpcInfo,
} from '../model/launch';
import type { SnapshotDeletion } from '../model/lifecycle';
import type { ImageReferenceInfo } from '../model/references';
// recycle bin and usage reports (wt/bin)
import type { BinnedImage, BinnedSnapshot, ExistingSnapshot } from '../model/recycleBin';
import type { UsageReportEntry } from '../model/usage';
// creation (issue #10)
import type { CopyImageRequest, CreatedImage, CreateImageRequest, InstanceSummary, RegisterRequest, SnapshotSummary } from '../model/imageCreation';
import type { Result } from '../model/result';

/** Whose images to list. */
export type OwnerScope =
  | { kind: 'self' } // Owners=self
  | { kind: 'sharedWithMe' } // ExecutableUsers=self, minus my own
  | { kind: 'amazon' } // Owners=amazon
  | { kind: 'marketplace' } // Owners=aws-marketplace
  | { kind: 'accounts'; accountIds: string[] }; // Owners=<ids>

export interface ImageFilter {
  /** Wildcard (`*`, `?`) pattern over the image name. */
  name?: string;
  architecture?: string;
  state?: string;
  platform?: string; // 'windows' only, as EC2 accepts
  /** tag:KEY = value (wildcards allowed). */
  tags?: Record<string, string>;
  /** Images that have this tag key, whatever the value. */
  tagKey?: string;
  isPublic?: boolean;
  includeDeprecated?: boolean;
  includeDisabled?: boolean;
  // find (issue #11): description patterns and tag values whatever the key
  /** Wildcard (`*`, `?`) pattern over the description (EC2 filter `description`). */
  description?: string;
  /** Images with a tag whose value matches (EC2 filter `tag-value`, wildcards allowed). */
  tagValue?: string;
}

export interface PageRequest {
  /** 5..1000 as EC2 requires; the layer clamps. */
  pageSize?: number;
  nextToken?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface ProfileInfo {
  name: string;
  /** Which file(s) define it. */
  source: 'config' | 'credentials' | 'both';
  region?: string;
  kind: 'static' | 'sso' | 'assumeRole' | 'process' | 'other';
}

export interface RegionInfo {
  name: string;
  /** 'opt-in-not-required' | 'opted-in' | 'not-opted-in' ; 'configured' when from settings. */
  optInStatus: string;
}

export interface AwsSettings {
  /** Endpoint override for emulators, e.g. http://127.0.0.1:4566. Undefined = real AWS. */
  endpoint?: string;
  /** SDK retry max attempts (adaptive mode). */
  maxAttempts?: number;
  /** Regions configured by the user; overrides DescribeRegions when non-empty. */
  regions?: string[];
  /** Region used for DescribeRegions when the profile names none. */
  defaultRegion?: string;
}

export interface AwsServicesOptions extends AwsSettings {
  /** Name and version for the user agent suffix, e.g. ami-explorer/0.1.0. */
  extensionName: string;
  extensionVersion: string;
  /** Environment to read AWS_* variables from (tests pass their own). Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Asks the user for an MFA code when an assume-role profile needs one. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** Log lines (never credentials or signatures). */
  log?: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

/** Image operations for one profile. */
export interface ImageOperations {
  readonly profile: string | undefined;
  listImages(region: string, scope: OwnerScope, filter: ImageFilter, page: PageRequest, signal?: AbortSignal): Promise<Result<Page<AmiImage>>>;
  getImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<AmiImage>>;
  getImageAttribute(region: string, imageId: string, attribute: ImageAttributeName, signal?: AbortSignal): Promise<Result<ImageAttributeValue>>;
  getSnapshots(region: string, snapshotIds: string[], signal?: AbortSignal): Promise<Result<SnapshotInfo[]>>;
  /** GetImageAncestry: the image first, then its source, and so on. */
  getImageAncestry(region: string, imageId: string, signal?: AbortSignal): Promise<Result<AncestryEntry[]>>;
  // find (issue #11): images by id, whoever owns them
  /**
   * DescribeImages by id (no owner restriction, deprecated and disabled included): the images of
   * `imageIds` this account can see in the region. Ids EC2 does not know there (InvalidAMIID.NotFound,
   * or .Malformed) are misses, left out of the answer — an empty list is not a failure.
   */
  findImagesById(region: string, imageIds: readonly string[], signal?: AbortSignal): Promise<Result<AmiImage[]>>;

  // ---- writes: the UI calls these through src/data/imageWrites.ts, which announces each change ----

  /** CreateTags for the keys set, then DeleteTags for the keys removed, on images and/or snapshots. */
  updateTags(region: string, resourceIds: readonly string[], change: TagChange, signal?: AbortSignal): Promise<Result<void>>;
  /** DeregisterImage (owner only). */
  deregisterImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>>;

  // ---- sharing (reads; the writes below go through ImageWrites too) ----

  /** DescribeImageAttribute(launchPermission), owner only: the public flag, account ids, organization and OU ARNs. */
  getLaunchPermissions(region: string, imageId: string, signal?: AbortSignal): Promise<Result<LaunchPermissionState>>;
  /**
   * ModifyImageAttribute with LaunchPermission Add/Remove, in one call (EC2 applies removals, then
   * additions). Every entry is validated first; nothing is sent while one is bad (invalidInput).
   * Build `change` with toModification(diffPermissions(current, desired)) so it is minimal.
   */
  modifyLaunchPermissions(region: string, imageId: string, change: LaunchPermissionModification, signal?: AbortSignal): Promise<Result<void>>;
  /** DescribeSnapshotAttribute(createVolumePermission), owner only. */
  getSnapshotCreateVolumePermissions(region: string, snapshotId: string, signal?: AbortSignal): Promise<Result<CreateVolumePermissionState>>;
  /**
   * ModifySnapshotAttribute(createVolumePermission): one operation type per call, as EC2 requires,
   * account ids only (never Group=all from here). A plan with adds and removes is two calls.
   */
  modifySnapshotCreateVolumePermissions(region: string, snapshotId: string, operation: 'add' | 'remove', accountIds: readonly string[], signal?: AbortSignal): Promise<Result<void>>;
  /** GetImageBlockPublicAccessState for the profile's account in the region. */
  getImageBlockPublicAccessState(region: string, signal?: AbortSignal): Promise<Result<ImageBlockPublicAccess>>;
  /**
   * CancelImageLaunchPermission: removes my account from another owner's image. EC2 allows it only
   * for an explicit share; for an organization/OU share or a public image it answers as if the
   * image did not exist, which comes back as a notFound failure that says so.
   */
  cancelImageLaunchPermission(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>>;
  // hygiene (#11): Allowed AMIs
  /** GetAllowedImagesSettings for the profile's account in the region: state, image criteria, who manages them. */
  getAllowedImagesSettings(region: string, signal?: AbortSignal): Promise<Result<AllowedImagesSettings>>;
}

/**
 * Launching instances for one profile (src/aws/launch.ts). Look-ups use the SDK's paginators;
 * RunInstances is retried by the SDK only because it carries a ClientToken.
 */
export interface LaunchOperations {
  readonly profile: string | undefined;
  /** DescribeInstanceTypes, every page. */
  listInstanceTypes(region: string, signal?: AbortSignal): Promise<Result<InstanceTypeInfo[]>>;
  /** DescribeInstanceTypeOfferings with LocationType=availability-zone for one zone: the type names offered there. */
  listInstanceTypeOfferings(region: string, availabilityZone: string, signal?: AbortSignal): Promise<Result<string[]>>;
  /** DescribeKeyPairs. */
  listKeyPairs(region: string, signal?: AbortSignal): Promise<Result<KeyPairInfo[]>>;
  /** CreateKeyPair (KeyFormat pem). The private key is returned once and never logged. */
  createKeyPair(region: string, keyName: string, keyType: 'rsa' | 'ed25519', signal?: AbortSignal): Promise<Result<CreatedKeyPair>>;
  /** DescribeVpcs, every page. */
  listVpcs(region: string, signal?: AbortSignal): Promise<Result<VpcInfo[]>>;
  /** DescribeSubnets of one VPC, every page. */
  listSubnets(region: string, vpcId: string, signal?: AbortSignal): Promise<Result<SubnetInfo[]>>;
  /** DescribeSecurityGroups of one VPC, every page. */
  listSecurityGroups(region: string, vpcId: string, signal?: AbortSignal): Promise<Result<SecurityGroupInfo[]>>;
  /**
   * RunInstances with DryRun=true: ok when EC2 answers DryRunOperation (the request would
   * succeed); any other answer is a failure with EC2's code and message. OptInRequired for an
   * image with a marketplace product code is kind `subscriptionRequired`.
   */
  dryRunInstances(region: string, request: LaunchRequest, signal?: AbortSignal): Promise<Result<void>>;
  /** RunInstances with the given ClientToken (same token + same request = the same reservation). */
  runInstances(region: string, request: LaunchRequest, clientToken: string, signal?: AbortSignal): Promise<Result<LaunchedReservation>>;
  /** DescribeInstances by id (every page). */
  describeInstances(region: string, instanceIds: readonly string[], signal?: AbortSignal): Promise<Result<InstanceInfo[]>>;
  /**
   * DescribeInstances filtered by client-token: the instances a RunInstances with that token
   * launched (how a dropped response is recovered without launching again).
   */
  findByClientToken(region: string, clientToken: string, signal?: AbortSignal): Promise<Result<LaunchedReservation | undefined>>;
  /**
   * The SDK's waitUntilInstanceRunning, then the instances as they are. Aborting stops waiting
   * only (kind `cancelled`); nothing is terminated.
   */
  waitUntilRunning(region: string, instanceIds: readonly string[], signal?: AbortSignal): Promise<Result<InstanceInfo[]>>;
}

/** Creating images (src/aws/creation.ts): copy to a region, create from an instance, register from a snapshot. */
export interface ImageCreationOperations {
  readonly profile: string | undefined;
  /**
   * CopyImage, called in `targetRegion`, with the ClientToken: a lost answer is retried by the SDK
   * with the same token (EC2 then answers the same ImageId, never a second copy); when it is still
   * lost, the copy is looked up by name (Owners=self) and answered with `recovered: true`.
   */
  copyImage(targetRegion: string, request: CopyImageRequest, clientToken: string, signal?: AbortSignal): Promise<Result<CreatedImage>>;
  /**
   * CreateImage. It has no client token here, so a lost answer is never retried blindly (a second
   * call would fail as a duplicate name, or make a second image): the image is looked up by name
   * (Owners=self) and answered with `recovered: true` when found.
   */
  createImage(region: string, request: CreateImageRequest, signal?: AbortSignal): Promise<Result<CreatedImage>>;
  /** RegisterImage with the request buildRegisterRequest made (always Architecture and hvm); a lost answer is recovered by name like createImage. */
  registerImage(region: string, request: RegisterRequest, signal?: AbortSignal): Promise<Result<CreatedImage>>;
  /** DescribeInstances, every page: the account's instances in the region (terminated ones left out). */
  listInstances(region: string, signal?: AbortSignal): Promise<Result<InstanceSummary[]>>;
  /** DescribeSnapshots (OwnerIds=self, status completed), every page, newest first. */
  listOwnedSnapshots(region: string, signal?: AbortSignal): Promise<Result<SnapshotSummary[]>>;
  /** DescribeImages Owners=self with a name filter: the id of my image of that name, if any. */
  findImageByName(region: string, name: string, signal?: AbortSignal): Promise<Result<string | undefined>>;
  /**
   * The SDK's waitUntilImageAvailable (backoff between polls) until the image is available. Aborting
   * stops waiting only (kind `cancelled`): the copy/creation goes on in AWS. An image that becomes
   * `failed` ends the wait with its state reason.
   */
  waitUntilAvailable(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>>;
}

/** An owned image's life (src/aws/lifecycle.ts): deregister, protection, deprecation, disable/enable. */
export interface LifecycleOperations {
  readonly profile: string | undefined;
  // lifecycle: deregister, protection, deprecation, disable/enable (#10). Writes go through src/data/imageWrites.ts.
  /**
   * DeregisterImage, with DeleteAssociatedSnapshots when asked: the per-snapshot results EC2
   * reports (a snapshot another AMI uses comes back `skipped`). When deregistration protection
   * (or its cooldown) refuses, the failure has code LIFECYCLE_CODES.protected and nothing changed.
   */
  deregisterImage(region: string, imageId: string, options: { deleteSnapshots: boolean }, signal?: AbortSignal): Promise<Result<{ snapshots: SnapshotDeletion[] }>>;
  /** DescribeImageAttribute(deregistrationProtection), owner only: EC2's value ('disabled', 'enabled', 'enabled-with-cooldown', 'disabled-until <time>'). */
  getDeregistrationProtection(region: string, imageId: string, signal?: AbortSignal): Promise<Result<string>>;
  /** EnableImageDeregistrationProtection (WithCooldown when asked). */
  enableDeregistrationProtection(region: string, imageId: string, withCooldown: boolean, signal?: AbortSignal): Promise<Result<void>>;
  /** DisableImageDeregistrationProtection (with a cooldown, deregistration stays refused for 24 h). */
  disableDeregistrationProtection(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>>;
  /** EnableImageDeprecation at `at` (EC2 rounds to the minute; refuses the past and more than 10 years ahead). */
  enableDeprecation(region: string, imageId: string, at: Date, signal?: AbortSignal): Promise<Result<void>>;
  /** DisableImageDeprecation. */
  disableDeprecation(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>>;
  /** DisableImage: state `disabled`, every launch permission removed. */
  disableImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>>;
  /** EnableImage: back to `available` (launch permissions are not restored). */
  enableImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>>;
}

/** What uses an image (src/aws/usage.ts): references in this account and region, usage reports. */
export interface UsageOperations {
  readonly profile: string | undefined;
  /**
   * DescribeImageReferences with IncludeAllResourceTypes, every page: what in this account and
   * region refers to the images (at most 10 ids a call, as EC2 allows; more are split). Other
   * accounts' use is invisible here (see usage reports).
   */
  listImageReferences(region: string, imageIds: readonly string[], signal?: AbortSignal): Promise<Result<ImageReferenceInfo[]>>;
  // ---- usage reports (wt/bin) ----
  /**
   * CreateImageUsageReport for an image I own: which other accounts use it in instances and/or
   * launch templates (all accounts unless `accountIds`). Returns the report id; the report is
   * pending for a while (waitForReport).
   */
  createImageUsageReport(region: string, imageId: string, options?: UsageReportOptions, signal?: AbortSignal): Promise<Result<string>>;
  /**
   * Polls DescribeImageUsageReports (the SDK's waiter, growing delays) until the report is
   * available. Aborting stops waiting only (kind `cancelled`; the report stays and becomes
   * available on its own); a failed report or one not ready in time is a failure saying so.
   */
  waitForReport(region: string, reportId: string, signal?: AbortSignal, timing?: ReportWaitTiming): Promise<Result<void>>;
  /** DescribeImageUsageReportEntries of a report, every page (an unavailable report has none yet). */
  listReportEntries(region: string, reportId: string, signal?: AbortSignal): Promise<Result<UsageReportEntry[]>>;
}

/** What a usage report covers (wt/bin). */
export interface UsageReportOptions {
  /** Default: both ec2:Instance and ec2:LaunchTemplate. */
  readonly resourceTypes?: readonly ('ec2:Instance' | 'ec2:LaunchTemplate')[];
  /** Only these accounts (default: every account). */
  readonly accountIds?: readonly string[];
}

/** The waiter's delays (seconds) and how long at most (wt/bin). */
export interface ReportWaitTiming {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWaitTime: number;
}

/** The Recycle Bin (src/aws/recycleBin.ts): images and snapshots kept after deletion, and restoring them. */
export interface RecycleBinOperations {
  readonly profile: string | undefined;
  // ---- recycle bin (wt/bin) ----
  /** ListImagesInRecycleBin, every page: my deregistered images a retention rule keeps. */
  listImages(region: string, signal?: AbortSignal): Promise<Result<BinnedImage[]>>;
  /** ListSnapshotsInRecycleBin, every page (or only `snapshotIds`). */
  listSnapshots(region: string, signal?: AbortSignal, snapshotIds?: readonly string[]): Promise<Result<BinnedSnapshot[]>>;
  /** DescribeSnapshots of mine whose description names the image (how CreateImage / CopyImage label them), every page. */
  listImageSnapshots(region: string, imageId: string, signal?: AbortSignal): Promise<Result<ExistingSnapshot[]>>;
  /** RestoreImageFromRecycleBin: back with its id, `available`. Not in the bin → notFound. */
  restoreImage(region: string, imageId: string, signal?: AbortSignal): Promise<Result<void>>;
  /** RestoreSnapshotFromRecycleBin. Not in the bin → notFound. */
  restoreSnapshot(region: string, snapshotId: string, signal?: AbortSignal): Promise<Result<void>>;
}

// catalog (issue #11): public SSM parameters and public image search
/** One public SSM parameter as SSM answered it (String values: an image id for the AMI aliases). */
export interface PublicParameter {
  name: string;
  value: string;
  /** ISO 8601. */
  lastModifiedDate?: string;
  version?: number;
}

/** Which public images a catalog search covers. */
export type PublicImageSource =
  | 'marketplace' // Owners=aws-marketplace
  | 'amazon' // Owners=amazon
  | 'community'; // public images of every other owner (is-public=true, Amazon and Marketplace left out)

export interface PublicImageQuery {
  source: PublicImageSource;
  /** Name pattern with wildcards (`*`, `?`); required: there are hundreds of thousands of public images. */
  namePattern: string;
  /** owner-alias filter (amazon, aws-marketplace) or a 12-digit owner id; optional. */
  owner?: string;
  architecture?: string;
}

/** The catalog's reads for one profile (src/aws/catalog.ts). */
export interface CatalogOperations {
  readonly profile: string | undefined;
  /**
   * SSM GetParameters in calls of at most 10 names: the parameters found, and the names SSM
   * reported as invalid (not published in that region). The SSM client is loaded with this layer.
   */
  getPublicParameters(region: string, names: readonly string[], signal?: AbortSignal): Promise<Result<{ parameters: PublicParameter[]; invalid: string[] }>>;
  /** SSM GetParametersByPath (recursive), every page (SSM may answer empty pages that still have a NextToken). */
  getParametersByPath(region: string, path: string, signal?: AbortSignal): Promise<Result<PublicParameter[]>>;
  /** DescribeImages by id (any owner), ids EC2 does not know left out of the answer rather than failing the call. */
  describeImagesById(region: string, imageIds: readonly string[], signal?: AbortSignal): Promise<Result<AmiImage[]>>;
  /** One page of public images matching the query, newest first within the page. */
  searchPublicImages(region: string, query: PublicImageQuery, page: PageRequest, signal?: AbortSignal): Promise<Result<Page<AmiImage>>>;
}

export interface AwsServices {
  /** Profiles from the shared config and credentials files. */
  listProfiles(): Promise<Result<ProfileInfo[]>>;
  /** AWS_PROFILE, else "default" when it exists, else undefined (default chain). */
  getDefaultProfile(): Promise<string | undefined>;
  /**
   * The regions to show: the configured list (settings `regions`) when it is not empty, else the
   * enabled regions via DescribeRegions. The one place that rule lives; `ignoreConfigured` asks
   * for the enabled regions regardless (the region picker offers them all).
   */
  listRegions(profile: string | undefined, signal?: AbortSignal, options?: { ignoreConfigured?: boolean }): Promise<Result<RegionInfo[]>>;
  /** Whether credentials resolve for the profile (or the default chain). */
  checkCredentials(profile: string | undefined): Promise<Result<{ accountId?: string }>>;
  images(profile: string | undefined): ImageOperations;
  launch(profile: string | undefined): LaunchOperations;
  creation(profile: string | undefined): ImageCreationOperations;
  lifecycle(profile: string | undefined): LifecycleOperations;
  usage(profile: string | undefined): UsageOperations;
  recycleBin(profile: string | undefined): RecycleBinOperations;
  // catalog (issue #11)
  catalog(profile: string | undefined): CatalogOperations;
  /**
   * Forgets what STS said about the profile's credentials (asked on an AuthFailure to tell a
   * rejected key from a disabled region): the tree calls it when it resolves a profile again.
   */
  forgetIdentity(profile: string | undefined): void;
  /** Apply new settings: drops cached clients whose config changed. */
  updateSettings(settings: AwsSettings): void;
  dispose(): void;
}
