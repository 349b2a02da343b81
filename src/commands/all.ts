/**
 * The registry: every command of the extension, one file each under src/commands/<area>/.
 * A new command is a new file exporting defineCommand({...}), its id in ids.ts, its entry here
 * and in package.json (test/unit/commands/registry.test.ts checks the three agree).
 */
import type { Command } from './command';
import copyId from './image/copyId';
import copyJson from './image/copyJson';
import openInConsole from './image/openInConsole';
import compare from './inspect/compare';
import copyAs from './inspect/copyAs';
import inspect from './inspect/inspect';
import launchInstance from './launch/launchInstance';
import quickLaunch from './launch/quickLaunch';
// lifecycle (retire, #10)
import cancelDeprecation from './lifecycle/cancelDeprecation';
import deprecate from './lifecycle/deprecate';
import deregister from './lifecycle/deregister';
import disableImage from './lifecycle/disable';
import disableDeregistrationProtection from './lifecycle/disableProtection';
import enableImage from './lifecycle/enable';
import enableDeregistrationProtection from './lifecycle/enableProtection';
import openJson from './inspect/openJson';
import makePrivate from './permissions/makePrivate';
import makePublic from './permissions/makePublic';
import removeFromMyAccount from './permissions/removeFromMyAccount';
import shareWithAccount from './permissions/shareWithAccount';
import stopSharing from './permissions/stopSharing';
import editLaunchPermissions from './permissions/editLaunchPermissions';
import loadMore from './region/loadMore';
import refreshRegion from './region/refresh';
import retryRegion from './region/retry';
import selectOwners from './scope/selectOwners';
import selectProfiles from './scope/selectProfiles';
import selectRegions from './scope/selectRegions';
import clearFilter from './view/clearFilter';
import filter from './view/filter';
import groupByTag from './view/groupByTag';
import openSettings from './view/openSettings';
import refreshView from './view/refresh';
// recycle bin and usage (wt/bin)
import showRecycleBin from './recycleBin/showRecycleBin';
import findUsage from './usage/findUsage';
import whoUsesIt from './usage/whoUsesIt';
// lifecycle (creation, issue #10)
import copyToRegion from './lifecycle/copyToRegion';
import createImageFromInstance from './lifecycle/createFromInstance';
import registerImageFromSnapshot from './lifecycle/registerFromSnapshot';
// tags
import addTag from './tags/addTag';
import editTag from './tags/editTag';
import removeTag from './tags/removeTag';
// clean-up report (#11, wt/cleanup)
import findUnused from './cleanup/findUnused';
// find (issue #11)
import findImage from './image/find';
// catalog (issue #11)
import openCatalog from './catalog/openCatalog';
import openCatalogInRegion from './catalog/openCatalogInRegion';

export const ALL_COMMANDS: readonly Command[] = [
  // view
  refreshView,
  filter,
  clearFilter,
  groupByTag,
  openSettings,
  // scope
  selectProfiles,
  selectRegions,
  selectOwners,
  // region
  refreshRegion,
  retryRegion,
  loadMore,
  // image
  copyId,
  copyJson,
  openInConsole,
  // inspect
  inspect,
  openJson,
  compare,
  copyAs,
  // permissions
  shareWithAccount,
  stopSharing,
  makePublic,
  makePrivate,
  removeFromMyAccount,
  editLaunchPermissions,
  // launch
  launchInstance,
  quickLaunch,
  // lifecycle (retire, #10)
  deregister,
  enableDeregistrationProtection,
  disableDeregistrationProtection,
  deprecate,
  cancelDeprecation,
  disableImage,
  enableImage,
  // recycle bin and usage (wt/bin)
  showRecycleBin,
  findUsage,
  whoUsesIt,
  // lifecycle (creation, issue #10)
  copyToRegion,
  createImageFromInstance,
  registerImageFromSnapshot,
  // tags
  addTag,
  editTag,
  removeTag,
  // clean-up report (#11, wt/cleanup)
  findUnused,
  // find (issue #11)
  findImage,
  // catalog (issue #11)
  openCatalog,
  openCatalogInRegion,
];
