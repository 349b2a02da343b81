/**
 * The one door to the features bundle (commands, panels, documents: src/features.ts). activate()
 * registers stubs only; the first command run, panel restore or document read calls this, and
 * the esbuild script points the require at dist/features.js (scripts/build.mjs, "lazy bundles").
 */
import type * as FeaturesModule from './features';

let loaded: typeof FeaturesModule | undefined;

export function loadFeatures(): typeof FeaturesModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./features') as typeof FeaturesModule;
  return loaded;
}
