/**
 * Entry of the lazily loaded service layer bundle (dist/aws.js): builds the session, the client
 * pool and per-profile image and launch operations behind the AwsServices contract of ./types.
 */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { fail, ok, type Result } from '../model/result';
import { ClientPool } from './clients';
import { CallerIdentity } from './identity';
import { ImageService } from './images';
import { CatalogService } from './catalog';
import { CreationService } from './creation';
import { LaunchService } from './launch';
import { LifecycleService } from './lifecycle';
import { RecycleBinService } from './recycleBin';
import { UsageService } from './usage';
import { safeLogger } from './redact';
import { Session } from './session';
import type {
  AwsServices,
  AwsServicesOptions,
  AwsSettings,
  CatalogOperations,
  ImageCreationOperations,
  ImageOperations,
  LaunchOperations,
  LifecycleOperations,
  ProfileInfo,
  RecycleBinOperations,
  RegionInfo,
  UsageOperations,
} from './types';

export type * from './types';

/** Used for DescribeRegions when neither the profile, the settings nor the env names a region. */
const FALLBACK_REGION = 'us-east-1';
const ENABLED_STATUSES = new Set(['opt-in-not-required', 'opted-in']);

export function createAwsServices(options: AwsServicesOptions): AwsServices {
  const log = safeLogger(options.log);
  const session = new Session({
    log,
    ...(options.env ? { env: options.env } : {}),
    ...(options.mfaCodeProvider ? { mfaCodeProvider: options.mfaCodeProvider } : {}),
  });
  let settings: AwsSettings = { ...options };
  const pool = new ClientPool(
    { session, userAgent: [options.extensionName, options.extensionVersion], log },
    { endpoint: options.endpoint, maxAttempts: options.maxAttempts },
  );
  const imageServices = new Map<string, ImageService>();
  const launchServices = new Map<string, LaunchService>();
  /** The other per-profile services (creation, lifecycle, usage, recycle bin), one per kind and profile. */
  const profileServices = new Map<string, unknown>();
  function perProfile<T>(kind: string, profile: string | undefined, make: () => T): T {
    const key = `${kind}\u0000${profile ?? ''}`;
    let service = profileServices.get(key) as T | undefined;
    if (!service) {
      service = make();
      profileServices.set(key, service);
    }
    return service;
  }
  const identity = new CallerIdentity({ session, pool, userAgent: [options.extensionName, options.extensionVersion], log });

  async function listRegions(profile: string | undefined, signal?: AbortSignal, options?: { ignoreConfigured?: boolean }): Promise<Result<RegionInfo[]>> {
    const configured = options?.ignoreConfigured ? [] : (settings.regions ?? []).map((r) => r.trim()).filter((r) => r !== '');
    if (configured.length > 0) return ok([...new Set(configured)].map((name) => ({ name, optInStatus: 'configured' })));
    const region = (await session.profileRegion(profile)) ?? settings.defaultRegion ?? session.envRegion() ?? FALLBACK_REGION;
    try {
      const output = await pool.get(profile, region).send(new DescribeRegionsCommand({ AllRegions: true }), { abortSignal: signal });
      const regions = (output.Regions ?? [])
        .filter((r): r is typeof r & { RegionName: string } => !!r.RegionName)
        .map((r) => ({ name: r.RegionName, optInStatus: r.OptInStatus ?? 'unknown' }))
        .filter((r) => r.optInStatus === 'unknown' || ENABLED_STATUSES.has(r.optInStatus))
        .sort((a, b) => a.name.localeCompare(b.name));
      return ok(regions);
    } catch (err) {
      return fail(await identity.explain(err, { action: 'DescribeRegions', region, endpoint: pool.endpointFor(region), ...(profile ? { profile } : {}) }, profile));
    }
  }

  return {
    listProfiles: (): Promise<Result<ProfileInfo[]>> => session.listProfiles(),
    getDefaultProfile: () => session.getDefaultProfile(),
    listRegions,
    async checkCredentials(profile) {
      const creds = await session.resolveCredentials(profile);
      if (!creds.ok) return creds;
      return ok(creds.value.accountId ? { accountId: creds.value.accountId } : {});
    },
    images(profile): ImageOperations {
      const key = profile ?? '';
      let service = imageServices.get(key);
      if (!service) {
        service = new ImageService(profile, pool, session, identity);
        imageServices.set(key, service);
      }
      return service;
    },
    launch(profile): LaunchOperations {
      const key = profile ?? '';
      let service = launchServices.get(key);
      if (!service) {
        service = new LaunchService(profile, pool, identity);
        launchServices.set(key, service);
      }
      return service;
    },
    creation: (profile): ImageCreationOperations => perProfile('creation', profile, () => new CreationService(profile, pool, identity)),
    lifecycle: (profile): LifecycleOperations => perProfile('lifecycle', profile, () => new LifecycleService(profile, pool, identity)),
    usage: (profile): UsageOperations => perProfile('usage', profile, () => new UsageService(profile, pool, identity)),
    recycleBin: (profile): RecycleBinOperations => perProfile('recycleBin', profile, () => new RecycleBinService(profile, pool, identity)),
    catalog: (profile): CatalogOperations => perProfile('catalog', profile, () => new CatalogService(profile, pool, identity)),
    forgetIdentity(profile) {
      identity.forget(profile);
    },
    /** `next` is the whole set of settings: a missing endpoint means real AWS again. */
    updateSettings(next) {
      settings = { ...next };
      if (pool.update({ endpoint: settings.endpoint, maxAttempts: settings.maxAttempts })) {
        // New endpoint: what we learned about accounts there no longer holds.
        imageServices.clear();
        launchServices.clear();
        profileServices.clear();
        identity.forgetAll();
        log('info', 'AWS settings changed: EC2 clients will be recreated.');
      }
    },
    dispose() {
      pool.disposeAll();
      imageServices.clear();
      launchServices.clear();
      profileServices.clear();
      identity.forgetAll();
    },
  };
}
