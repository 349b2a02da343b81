/**
 * An EC2 Query-protocol emulator for tests, the demo and benchmarks: the real @aws-sdk/client-ec2
 * talks HTTP to it on 127.0.0.1, signing with one of the test keys (TEST_KEYS); STS
 * GetCallerIdentity and SSM's parameter reads (catalog, issue #11) are served on the same endpoint (routed by the signature's credential scope). Start it in-process with startEmulator(), or from the shell with
 * `npm run emulator -- --port N`.
 */
import type { AddressInfo } from 'node:net';
import { DEFAULT_ACCOUNT, KNOWN_ACCOUNTS, TEST_KEYS, type TestKey } from './accounts';
import { FaultState, type Faults } from './faults';
import { DEFAULT_REGIONS, seedStore } from './seed';
import { createEc2Server, type RequestLogEntry } from './server';
import { KeyTable, type IssueOptions, type IssuedCredentials } from './sigv4';
import { EmulatorStore } from './store';

export {
  DEFAULT_ACCOUNT,
  OTHER_ACCOUNT,
  THIRD_ACCOUNT,
  ORGANIZATION_ARN,
  ORGANIZATIONAL_UNIT_ARN,
  MARKETPLACE_ACCOUNT,
  TEST_KEYS,
  EXAMPLE_KEY,
  OTHER_KEY,
  THIRD_KEY,
  type TestKey,
} from './accounts';
export { signFormPost, MAX_SKEW_MS, type IssueOptions, type IssuedCredentials } from './sigv4';
export { BASE_DATE, DEFAULT_REGIONS, FIXTURE_NAMES, HOSTILE_STRINGS, NOT_OPTED_IN_REGIONS, SEED_KEY_NAME } from './seed';
export { INSTANCE_TYPES, NOT_IN_LAST_ZONE } from './instanceTypes';
export { ownedAvailableImages, type SeededReferences } from './seedReferences';
export { LAUNCH_TEMPLATE_VERSION_DEPTH } from './references';
export type { InstanceTiming } from './store';
// creation (issue #10)
export type { ImageTiming } from './store';
export { LOOSE_SNAPSHOTS } from './seed';
// hygiene (#11): Allowed AMIs
export { ALLOWED_IMAGES_SEED } from './seed';
export { imageAllowed, imageAllowedIn, meetsCriterion } from './operations/allowedImages';
export { EmulatorStore } from './store';
export type { Faults, FaultScope, RegionFailure } from './faults';
export type { RequestLogEntry } from './server';
export { maxOverlap } from './requestLog'; // tree (issue #12)
export type * from './types';
// catalog (issue #11): SSM parameters and the quick-start families
export { SsmParameterStore, type EmuParameter } from './ssmStore';
export { COMMUNITY_OWNERS, COMMUNITY_HOSTILE_NAME } from './ssmSeed';
export { AMAZON_ACCOUNT, DEBIAN_ACCOUNT, CATALOG_FAMILIES, CATALOG_PARAMETERS, CATALOG_GAPS, inFamily, newestOfFamily, type CatalogFamily } from './ssmSeed';
export { SSM_MAX_NAMES, SSM_MAX_RESULTS } from './ssm';

export interface EmulatorOptions {
  /** 0 / undefined = a free port. */
  port?: number;
  /** Default 1; everything generated is deterministic from it. */
  seed?: number;
  /** Owned images generated per region (default 25); shared-with-me images ~1/5 of that. */
  imagesPerRegion?: number;
  /** Regions that get generated images (default DEFAULT_REGIONS); every region of the data file exists. */
  regions?: string[];
  /** More long-term keys (access key id → secret and account), on top of TEST_KEYS. */
  keys?: Record<string, TestKey>;
  /** Seed the public AMIs of the data file and a few generated public ones (default true). */
  publicImages?: boolean;
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly faults: Faults;
  /** Direct access for tests: images/snapshots per region, add/modify/remove. */
  readonly store: EmulatorStore;
  /** Every request received, newest last. */
  readonly requests: RequestLogEntry[];
  /** Temporary credentials (ASIA… key, secret, session token), as STS would issue them. */
  issueCredentials(opts?: IssueOptions): IssuedCredentials;
  /**
   * Puts the store back to the freshly seeded state (same options, so the same ids), clears the
   * faults and the request log: what the in-editor runner does between suites, so no suite sees
   * what another one created, deregistered or binned.
   */
  reseed(): void;
  close(): Promise<void>;
}

/** Builds and seeds a store without starting a server (benchmarks of generation use this). */
export function createSeededStore(opts: Pick<EmulatorOptions, 'seed' | 'imagesPerRegion' | 'regions' | 'publicImages'> = {}): EmulatorStore {
  const store = new EmulatorStore();
  for (const account of KNOWN_ACCOUNTS) store.addAccount(account);
  seedStore(store, {
    seed: opts.seed ?? 1,
    imagesPerRegion: opts.imagesPerRegion ?? 25,
    regions: opts.regions ?? DEFAULT_REGIONS,
    publicImages: opts.publicImages ?? true,
  });
  return store;
}

function seededStore(opts: EmulatorOptions): EmulatorStore {
  const store = createSeededStore(opts);
  for (const key of Object.values(opts.keys ?? {})) store.addAccount(key.account);
  return store;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const store = seededStore(opts);
  const faults = new FaultState();
  const requests: RequestLogEntry[] = [];
  const keys = new KeyTable({ ...TEST_KEYS, ...(opts.keys ?? {}) }, DEFAULT_ACCOUNT);
  const server = createEc2Server({ store, faults, keys, defaultAccount: DEFAULT_ACCOUNT, requests });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faults,
    store,
    requests,
    issueCredentials: (issue = {}) => keys.issue(issue, faults.now()),
    reseed: () => {
      // The server keeps its reference to `store`: its fields are replaced by a fresh seed's.
      const fresh = seededStore(opts);
      for (const key of Object.keys(store)) delete (store as unknown as Record<string, unknown>)[key];
      Object.assign(store, fresh);
      faults.reset();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
