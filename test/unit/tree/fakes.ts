/**
 * Fakes for unit tests of the tree's nodes and provider (with support/vscodeStub.ts): a service
 * layer whose calls are counted and can be held open, and the services/context the nodes ask.
 */
import type { AwsServices, ImageOperations, OwnerScope, Page } from '../../../src/aws/types';
import { parseSettings, type Settings } from '../../../src/config';
import type { AmiImage } from '../../../src/model/image';
import type { AllowedImagesSettings } from '../../../src/model/hygiene';
import { ok, type Result } from '../../../src/model/result';
import type { ImageChange } from '../../../src/model/changes';
import type { ExtensionServices, SettingsChange } from '../../../src/services';
import type { TreeContext, TreeNode } from '../../../src/tree/treeNode';
import { Limiter } from '../../../src/util/limiter';
import { EventEmitter, logLines } from '../support/vscodeStub';

export function image(id: string, extra: Partial<AmiImage> = {}): AmiImage {
  return { imageId: id, region: 'us-east-1', state: 'available', public: false, productCodes: [], tags: {}, blockDeviceMappings: [], ...extra };
}

type Handler<A extends unknown[], R> = (...args: A) => Promise<R>;

/** A service layer for the tree: each call is logged; handlers can be replaced per test. */
export class FakeAws {
  readonly calls: string[] = [];
  defaultProfile: Handler<[], string | undefined> = async () => 'default';
  credentials: Handler<[string | undefined], Result<{ accountId?: string }>> = async () => ok({ accountId: '123456789012' });
  regions: Handler<[string | undefined], Result<{ name: string; optInStatus: string }[]>> = async () =>
    ok([
      { name: 'us-east-1', optInStatus: 'configured' },
      { name: 'eu-west-1', optInStatus: 'configured' },
    ]);
  listImages: Handler<[string, OwnerScope, { nextToken?: string }], Result<Page<AmiImage>>> = async (region) => ok({ items: [image(`ami-${region.replace(/-/g, '')}0001`)] });
  // hygiene (#11)
  allowedImages: Handler<[string], Result<AllowedImagesSettings>> = async () => ok({ state: 'disabled', criteria: [] });

  count(call: string): number {
    return this.calls.filter((c) => c === call).length;
  }

  get services(): AwsServices {
    const ops = (profile: string | undefined): ImageOperations =>
      ({
        profile,
        listImages: (region: string, scope: OwnerScope, _filter: unknown, page: { nextToken?: string }) => {
          this.calls.push('listImages');
          return this.listImages(region, scope, page);
        },
        // hygiene (#11)
        getAllowedImagesSettings: (region: string) => {
          this.calls.push('getAllowedImagesSettings');
          return this.allowedImages(region);
        },
      }) as unknown as ImageOperations;
    return {
      listProfiles: async () => ok([]),
      getDefaultProfile: () => {
        this.calls.push('getDefaultProfile');
        return this.defaultProfile();
      },
      listRegions: (profile: string | undefined) => {
        this.calls.push('listRegions');
        return this.regions(profile);
      },
      checkCredentials: (profile: string | undefined) => {
        this.calls.push('checkCredentials');
        return this.credentials(profile);
      },
      images: ops,
      launch: () => {
        throw new Error('the tree never launches');
      },
      creation: () => {
        throw new Error('the tree never creates images');
      },
      lifecycle: () => {
        throw new Error('the tree never changes an image');
      },
      usage: () => {
        throw new Error('the tree never reads usage');
      },
      recycleBin: () => {
        throw new Error('the tree never reads the recycle bin');
      },
      catalog: () => {
        throw new Error('the tree never reads the catalog');
      },
      forgetIdentity: () => {
        this.calls.push('forgetIdentity');
      },
      updateSettings: () => undefined,
      dispose: () => undefined,
    };
  }
}

export interface FakeServices extends ExtensionServices {
  current: Settings;
  fireChange(change: Partial<SettingsChange> & { keys?: string[] }): void;
}

export function fakeServices(aws: FakeAws, values: Record<string, unknown> = {}): FakeServices {
  const emitter = new EventEmitter<SettingsChange>();
  const imageChanges = new EventEmitter<ImageChange>();
  const services = aws.services;
  const log = {
    trace: (m: string) => logLines.push({ level: 'trace', message: m }),
    debug: (m: string) => logLines.push({ level: 'debug', message: m }),
    info: (m: string) => logLines.push({ level: 'info', message: m }),
    warn: (m: string) => logLines.push({ level: 'warn', message: m }),
    error: (m: string) => logLines.push({ level: 'error', message: m }),
  };
  const fake: FakeServices = {
    context: {} as never,
    log: log as never,
    current: parseSettings({ get: (k) => values[k] }, true),
    aws: () => services,
    settings: () => fake.current,
    onDidChangeSettings: emitter.event as never,
    onDidChangeImage: imageChanges.event as never,
    announce: (change) => imageChanges.fire(change),
    fireChange(change) {
      const keys = change.keys ?? [];
      emitter.fire({ settings: fake.current, reload: false, reloadImages: false, affects: (k) => keys.includes(k), ...change });
    },
  };
  return fake;
}

export interface FakeContext extends TreeContext {
  readonly changes: (TreeNode | undefined)[];
}

export function fakeContext(services: ExtensionServices): FakeContext {
  const changes: (TreeNode | undefined)[] = [];
  return {
    services,
    limiter: new Limiter(4),
    settings: () => services.settings(),
    filter: () => '',
    now: () => new Date('2026-01-01T00:00:00Z'),
    accountId: () => undefined,
    changed: (node) => void changes.push(node),
    trackProgress: () => undefined,
    changes,
  };
}
