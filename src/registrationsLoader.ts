/**
 * The door to the second step of activation (src/registrations.ts): the esbuild script points
 * this require at dist/registrations.js (scripts/build.mjs, "lazy bundles"), so the activation
 * bundle holds only the view.
 */
import type * as RegistrationsModule from './registrations';

let loaded: typeof RegistrationsModule | undefined;

export function loadRegistrations(): typeof RegistrationsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./registrations') as typeof RegistrationsModule;
  return loaded;
}
