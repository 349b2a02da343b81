/**
 * The webview panel types, in a file of their own so activation can register the panels'
 * serializers (stubs that load the features bundle) without the panels' code.
 */
export const DETAILS_VIEW_TYPE = 'amiExplorer.details';
export const PERMISSIONS_VIEW_TYPE = 'amiExplorer.permissions';
export const LAUNCH_VIEW_TYPE = 'amiExplorer.launch';
export const CATALOG_VIEW_TYPE = 'amiExplorer.catalog';
export const CLEANUP_VIEW_TYPE = 'amiExplorer.cleanup';

/** The panels VS Code restores after a reload (package.json has an onWebviewPanel event for each). */
export const RESTORED_VIEW_TYPES = [DETAILS_VIEW_TYPE, PERMISSIONS_VIEW_TYPE, LAUNCH_VIEW_TYPE, CATALOG_VIEW_TYPE] as const;
