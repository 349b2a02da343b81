/** The action table. Later issues add their operations here. */
import type { Operation } from './context';
import { deregisterImage } from './deregisterImage';
import { describeImageAttribute } from './describeImageAttribute';
import { describeImageReferences } from './describeImageReferences';
import { describeImages } from './describeImages';
import { describeRegions } from './describeRegions';
import { describeSnapshots } from './describeSnapshots';
import { getImageAncestry } from './getImageAncestry';
import { cancelImageLaunchPermission } from './cancelImageLaunchPermission';
import { disableImageBlockPublicAccess, enableImageBlockPublicAccess, getImageBlockPublicAccessState } from './imageBlockPublicAccess';
import { modifyImageAttribute, resetImageAttribute } from './modifyImageAttribute';
import { describeSnapshotAttribute, modifySnapshotAttribute } from './snapshotAttributes';
import { describeInstances, terminateInstances } from './instances';
import { describeInstanceTypeOfferings, describeInstanceTypes } from './instanceTypes';
import { createKeyPair, describeKeyPairs } from './keyPairs';
import { describeSecurityGroups, describeSubnets, describeVpcs } from './network';
import { runInstances } from './runInstances';
import { createTags, deleteTags } from './tags';
// lifecycle (#10): protection, deprecation, disable/enable (deregistration: deregisterImage.ts)
import {
  disableImage,
  disableImageDeprecation,
  disableImageDeregistrationProtection,
  enableImage,
  enableImageDeprecation,
  enableImageDeregistrationProtection,
} from './lifecycle';
// recycle bin and usage reports (wt/bin)
import { listImagesInRecycleBin, listSnapshotsInRecycleBin, restoreImageFromRecycleBin, restoreSnapshotFromRecycleBin } from './recycleBin';
import { createImageUsageReport, describeImageUsageReportEntries, describeImageUsageReports } from './usageReports';
// creation (issue #10): CopyImage, CreateImage, RegisterImage
import { copyImage, createImage, registerImage } from './createImages';
// hygiene (#11): Allowed AMIs
import { getAllowedImagesSettings } from './allowedImages';

export const OPERATIONS: Record<string, Operation> = {
  DescribeRegions: describeRegions,
  DescribeImages: describeImages,
  DescribeImageAttribute: describeImageAttribute,
  DescribeSnapshots: describeSnapshots,
  GetImageAncestry: getImageAncestry,
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DeregisterImage: deregisterImage,
  ModifyImageAttribute: modifyImageAttribute,
  ResetImageAttribute: resetImageAttribute,
  DescribeSnapshotAttribute: describeSnapshotAttribute,
  ModifySnapshotAttribute: modifySnapshotAttribute,
  GetImageBlockPublicAccessState: getImageBlockPublicAccessState,
  EnableImageBlockPublicAccess: enableImageBlockPublicAccess,
  DisableImageBlockPublicAccess: disableImageBlockPublicAccess,
  CancelImageLaunchPermission: cancelImageLaunchPermission,
  DescribeInstanceTypes: describeInstanceTypes,
  DescribeInstanceTypeOfferings: describeInstanceTypeOfferings,
  DescribeKeyPairs: describeKeyPairs,
  CreateKeyPair: createKeyPair,
  DescribeVpcs: describeVpcs,
  DescribeSubnets: describeSubnets,
  DescribeSecurityGroups: describeSecurityGroups,
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  TerminateInstances: terminateInstances,
  // lifecycle (#10)
  EnableImageDeregistrationProtection: enableImageDeregistrationProtection,
  DisableImageDeregistrationProtection: disableImageDeregistrationProtection,
  EnableImageDeprecation: enableImageDeprecation,
  DisableImageDeprecation: disableImageDeprecation,
  DisableImage: disableImage,
  EnableImage: enableImage,
  // recycle bin and usage reports (wt/bin)
  ListImagesInRecycleBin: listImagesInRecycleBin,
  ListSnapshotsInRecycleBin: listSnapshotsInRecycleBin,
  RestoreImageFromRecycleBin: restoreImageFromRecycleBin,
  RestoreSnapshotFromRecycleBin: restoreSnapshotFromRecycleBin,
  CreateImageUsageReport: createImageUsageReport,
  DescribeImageUsageReports: describeImageUsageReports,
  DescribeImageUsageReportEntries: describeImageUsageReportEntries,
  // usage: what refers to an image
  DescribeImageReferences: describeImageReferences,
  // creation (issue #10)
  CopyImage: copyImage,
  CreateImage: createImage,
  RegisterImage: registerImage,
  // hygiene (#11)
  GetAllowedImagesSettings: getAllowedImagesSettings,
};
