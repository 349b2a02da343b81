/**
 * The emulator's own records. They mirror EC2's wire shapes (camelCase of the XML element names)
 * so rendering is a straight walk, but they are plain data the tests may read and edit through
 * the store. Launch permissions are kept as a list so ModifyImageAttribute can be added later.
 */

export interface EmuTag {
  key: string;
  value: string;
}

export interface EmuEbs {
  snapshotId?: string;
  volumeSize?: number;
  volumeType?: string;
  iops?: number;
  throughput?: number;
  encrypted?: boolean;
  kmsKeyId?: string;
  deleteOnTermination?: boolean;
  outpostArn?: string;
  availabilityZone?: string;
  availabilityZoneId?: string;
  volumeInitializationRate?: number;
  ebsCardIndex?: number;
}

export interface EmuBlockDeviceMapping {
  deviceName: string;
  virtualName?: string;
  noDevice?: string;
  ebs?: EmuEbs;
}

/** One launch permission entry: exactly one field is set. `group: 'all'` makes the image public. */
export interface EmuLaunchPermission {
  userId?: string;
  group?: 'all';
  organizationArn?: string;
  organizationalUnitArn?: string;
}

export interface EmuProductCode {
  productCodeId: string;
  productCodeType: 'marketplace' | 'devpay';
}

export interface EmuWatermark {
  watermarkKey: string;
  sourceImageId: string;
  sourceImageRegion: string;
  sourceImageCreationTime: string;
  watermarkCreationTime: string;
}

export interface EmuScanResults {
  highestFindingSeverityLabel?: string;
  findingScanDate?: string;
  informationalFixAvailableSince?: string;
  lowFixAvailableSince?: string;
  mediumFixAvailableSince?: string;
  highFixAvailableSince?: string;
  criticalFixAvailableSince?: string;
}

export interface EmuImage {
  imageId: string;
  region: string;
  ownerId: string;
  /** 'amazon' | 'aws-marketplace' | 'aws-backup-vault' | undefined */
  ownerAlias?: string;
  name: string;
  description?: string;
  /** available | pending | failed | disabled | deregistered ... */
  state: string;
  stateReason?: { code: string; message: string };
  creationDate: string;
  deprecationTime?: string;
  lastLaunchedTime?: string;
  architecture: string;
  platform?: 'windows';
  platformDetails: string;
  usageOperation: string;
  imageType: string;
  imageLocation: string;
  kernelId?: string;
  ramdiskId?: string;
  virtualizationType: string;
  hypervisor: string;
  enaSupport?: boolean;
  sriovNetSupport?: string;
  bootMode?: string;
  tpmSupport?: string;
  imdsSupport?: string;
  uefiData?: string;
  rootDeviceName: string;
  rootDeviceType: string;
  sourceInstanceId?: string;
  sourceImageId?: string;
  sourceImageRegion?: string;
  deregistrationProtection?: string;
  imageAllowed?: boolean;
  freeTierEligible?: boolean;
  publicSsmParameterName?: string;
  productCodes: EmuProductCode[];
  tags: EmuTag[];
  blockDeviceMappings: EmuBlockDeviceMapping[];
  launchPermissions: EmuLaunchPermission[];
  watermarks?: EmuWatermark[];
  scanResults?: EmuScanResults;
  instanceTypeSpecification?: { supported: string[]; unsupported: string[] };
}

export interface EmuSnapshot {
  snapshotId: string;
  region: string;
  ownerId: string;
  ownerAlias?: string;
  volumeId: string;
  volumeSize: number;
  state: string;
  stateMessage?: string;
  startTime: string;
  completionTime?: string;
  progress: string;
  description: string;
  encrypted: boolean;
  kmsKeyId?: string;
  storageTier?: string;
  tags: EmuTag[];
  /** Accounts allowed to create volumes from it; `group: 'all'` = public. */
  createVolumePermissions: EmuLaunchPermission[];
  /**
   * Who manages `kmsKeyId` (KMS's KeyManager). 'aws' = the AWS managed key aws/ebs, which cannot be
   * shared: EC2 refuses to share the snapshot, or an image backed by it, with other accounts.
   * Undefined = a customer managed key (or not encrypted).
   */
  kmsKeyManager?: 'aws' | 'customer';
}

/** Block public access for AMIs, per account and region (GetImageBlockPublicAccessState). */
export interface EmuImageBlockPublicAccess {
  state: 'block-new-sharing' | 'unblocked';
  /** 'declarative-policy': set by the organization; the account cannot change it. */
  managedBy: 'account' | 'declarative-policy';
}

export interface EmuRegion {
  regionName: string;
  /** 'opt-in-not-required' | 'opted-in' | 'not-opted-in' */
  optInStatus: string;
}

export function isPublicImage(image: EmuImage): boolean {
  return image.launchPermissions.some((p) => p.group === 'all');
}
