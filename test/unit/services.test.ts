/**
 * The services' settings handling with a stand-in vscode: what a settings change asks of the tree
 * (everything, only images, or a re-render), the regions handed to the service layer, and workspace
 * trust, which reloads only when it changes the endpoint.
 */
import * as assert from 'node:assert/strict';
import type { AwsSettings } from '../../src/aws/types';
import type * as ServicesModule from '../../src/services';
import type { SettingsChange } from '../../src/services';
import { installVscodeStub, uninstallVscodeStub, workspace } from './support/vscodeStub';

describe('services', () => {
  let ExtensionServicesImpl: typeof ServicesModule.ExtensionServicesImpl;

  before(() => {
    installVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ ExtensionServicesImpl } = require('../../src/services') as typeof ServicesModule);
  });
  after(() => uninstallVscodeStub());

  function make(config: Record<string, unknown>, trusted: boolean) {
    workspace.config = { ...config };
    workspace.isTrusted = trusted;
    const services = new ExtensionServicesImpl({ subscriptions: [] } as never);
    const changes: SettingsChange[] = [];
    const updates: AwsSettings[] = [];
    services.onDidChangeSettings((c) => void changes.push(c));
    // As if the service layer was loaded: record what it is told.
    (services as unknown as { awsServices: unknown }).awsServices = { updateSettings: (s: AwsSettings) => updates.push(s), dispose: () => undefined };
    const change = (values: Record<string, unknown>): void => {
      Object.assign(workspace.config, values);
      workspace.configurationChanged.fire({ affectsConfiguration: (section) => section === 'amiExplorer' || Object.keys(values).some((k) => section === `amiExplorer.${k}`) });
    };
    return { services, changes, updates, change };
  }

  afterEach(() => {
    workspace.configurationChanged.dispose();
    workspace.trustGranted.dispose();
  });

  it('image-only settings ask for the images again; profiles, regions, endpoint and retries for everything', () => {
    const t = make({}, true);
    for (const key of ['images.owners', 'images.architecture', 'images.pageSize', 'images.showDeprecated', 'images.showDisabled']) {
      t.change({ [key]: key === 'images.owners' ? ['amazon'] : key === 'images.pageSize' ? 10 : key === 'images.architecture' ? 'arm64' : true });
      const last = t.changes.at(-1);
      assert.deepEqual([last?.reload, last?.reloadImages], [false, true], key);
    }
    for (const [key, value] of [['profiles', ['a']], ['regions', ['eu-west-1']], ['endpoint', 'http://127.0.0.1:1'], ['maxAttempts', 5]] as const) {
      t.change({ [key]: value });
      const last = t.changes.at(-1);
      assert.deepEqual([last?.reload, last?.reloadImages], [true, false], key);
    }
    t.change({ 'tree.groupByTag': 'Team' });
    assert.deepEqual([t.changes.at(-1)?.reload, t.changes.at(-1)?.reloadImages], [false, false]);
    t.services.dispose();
  });

  it('hands the configured regions to the service layer', () => {
    const t = make({ regions: ['eu-west-1'] }, true);
    t.change({ regions: ['us-east-1', 'not a region'] });
    assert.deepEqual(t.updates.at(-1)?.regions, ['us-east-1']);
    t.services.dispose();
  });

  it('granting workspace trust reloads nothing when no endpoint is set', () => {
    const t = make({}, false);
    workspace.isTrusted = true;
    workspace.trustGranted.fire();
    assert.deepEqual(t.changes, []);
    assert.deepEqual(t.updates, []);
    t.services.dispose();
  });

  it('granting workspace trust applies a configured endpoint, reloading everything', () => {
    const t = make({ endpoint: 'http://127.0.0.1:4566' }, false);
    assert.equal(t.services.settings().endpoint, undefined);
    workspace.isTrusted = true;
    workspace.trustGranted.fire();
    assert.equal(t.changes.length, 1);
    assert.equal(t.changes[0]?.reload, true);
    assert.equal(t.changes[0]?.affects('endpoint'), true);
    assert.equal(t.updates.at(-1)?.endpoint, 'http://127.0.0.1:4566');
    t.services.dispose();
  });
});
