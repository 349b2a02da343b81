/** The URI scheme of the image JSON documents; its own file so activation can register the scheme without the provider. */
export const IMAGE_JSON_SCHEME = 'amiexplorer-json';
