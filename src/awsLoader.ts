/**
 * The one door to the service layer. The SDK costs ~200 ms to load, so it is never on the
 * activation path: the esbuild script keeps this require out of the activation bundle and points
 * it at dist/aws.js, which therefore loads on the first AWS call (scripts/build.mjs, "lazy-aws").
 */
import type * as AwsModule from './aws';

let loaded: typeof AwsModule | undefined;

export function loadAws(): typeof AwsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./aws') as typeof AwsModule;
  return loaded;
}
