/**
 * Every command id of the extension, once. Handlers, tree nodes (click and retry actions), panels
 * and tests use these constants; test/unit/commands/registry.test.ts ties them to package.json
 * both ways (every contributed command is registered, every registered one contributed).
 * Ids are `amiExplorer.<noun>.<verb>`; areas match the folders of src/commands/.
 */
export const COMMAND_IDS = {
  // view: the Images view as a whole
  refreshView: 'amiExplorer.view.refresh',
  filter: 'amiExplorer.view.filter',
  clearFilter: 'amiExplorer.view.clearFilter',
  groupByTag: 'amiExplorer.view.groupByTag',
  openSettings: 'amiExplorer.view.openSettings',
  // scope: which profiles, regions and owners the view shows
  selectProfiles: 'amiExplorer.profile.select',
  selectRegions: 'amiExplorer.regions.select',
  selectOwners: 'amiExplorer.owners.select',
  // region: one region's node and its pager / error node
  refreshRegion: 'amiExplorer.region.refresh',
  retryRegion: 'amiExplorer.region.retry',
  loadMore: 'amiExplorer.images.loadMore',
  // image: copy and open one or more images
  copyId: 'amiExplorer.ami.copyId',
  copyJson: 'amiExplorer.ami.copyJson',
  openInConsole: 'amiExplorer.ami.openInConsole',
  // inspect: details panel, JSON, compare, snippets
  inspect: 'amiExplorer.ami.inspect',
  openJson: 'amiExplorer.ami.openJson',
  compare: 'amiExplorer.ami.compare',
  copyAs: 'amiExplorer.ami.copyAs',
  // permissions: the editor panel, quick sharing commands (owner) and the recipient's removal
  editLaunchPermissions: 'amiExplorer.ami.editLaunchPermissions',
  shareWithAccount: 'amiExplorer.ami.shareWithAccount',
  stopSharing: 'amiExplorer.ami.stopSharing',
  makePublic: 'amiExplorer.ami.makePublic',
  makePrivate: 'amiExplorer.ami.makePrivate',
  removeFromMyAccount: 'amiExplorer.ami.removeFromMyAccount',
  // launch: instances from an image
  launchInstance: 'amiExplorer.ami.launch',
  quickLaunch: 'amiExplorer.ami.quickLaunch',
  // lifecycle (retire): deregister, deregistration protection, deprecation, disable/enable (#10)
  deregister: 'amiExplorer.ami.deregister',
  enableDeregistrationProtection: 'amiExplorer.ami.enableDeregistrationProtection',
  disableDeregistrationProtection: 'amiExplorer.ami.disableDeregistrationProtection',
  deprecate: 'amiExplorer.ami.deprecate',
  cancelDeprecation: 'amiExplorer.ami.cancelDeprecation',
  disable: 'amiExplorer.ami.disable',
  enable: 'amiExplorer.ami.enable',
  // recycle bin and usage (wt/bin)
  showRecycleBin: 'amiExplorer.region.showRecycleBin',
  findUsage: 'amiExplorer.ami.findUsage',
  whoUsesIt: 'amiExplorer.ami.whoUsesIt',
  // lifecycle (creation, issue #10): copy to a region, create from an instance, register from a snapshot
  copyToRegion: 'amiExplorer.ami.copyToRegion',
  createImageFromInstance: 'amiExplorer.region.createImage',
  registerImageFromSnapshot: 'amiExplorer.region.registerImage',
  // tags: add, edit and remove tags of owned images (and their snapshots)
  addTag: 'amiExplorer.ami.addTag',
  editTag: 'amiExplorer.ami.editTag',
  removeTag: 'amiExplorer.ami.removeTag',
  // clean-up report (#11, wt/cleanup): Find Unused AMIs…
  findUnused: 'amiExplorer.cleanup.findUnused',
  // find (issue #11): one image across profiles and regions
  findImage: 'amiExplorer.image.find',
  // catalog (issue #11): the AMI Catalog panel (Quick start, AWS Marketplace, Community)
  openCatalog: 'amiExplorer.catalog.open',
  openCatalogInRegion: 'amiExplorer.region.openCatalog',
} as const;

export type CommandName = keyof typeof COMMAND_IDS;
export type CommandId = (typeof COMMAND_IDS)[CommandName];
