/** The Images view's id (package.json contributes it). */
export const VIEW_ID = 'amiExplorer.images';
