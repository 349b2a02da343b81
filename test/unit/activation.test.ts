/**
 * Activation stays near-instant: the built extension bundle activates against a stand-in `vscode`
 * registering only the view and stubs, without loading either lazy bundle: the features bundle
 * (dist/features.js: the tree's provider, the commands, the panels) or the service layer
 * (dist/aws.js, which holds the AWS SDK). The first use of a stub loads the features. Needs
 * `npm run build` first, as `npm test` does.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESTORED_VIEW_TYPES } from '../../src/webviews/viewTypes';
import { installFakeVscode, makeFakeContext, type FakeVscode } from './support/fakeVscode';

const root = join(__dirname, '..', '..', '..');
const extensionBundle = join(root, 'dist', 'extension.js');
const featuresBundle = join(root, 'dist', 'features.js');
const registrationsBundle = join(root, 'dist', 'registrations.js');
const awsBundle = join(root, 'dist', 'aws.js');

interface Api {
  loadedByActivation: { serviceLayer: boolean; features: boolean };
}

describe('activation (built bundle)', function () {
  let fake: FakeVscode | undefined;
  const forget = (): void => {
    for (const b of [extensionBundle, registrationsBundle, featuresBundle, awsBundle]) delete require.cache[b];
  };
  const activate = async (): Promise<{ api: Api; context: ReturnType<typeof makeFakeContext>; fake: FakeVscode }> => {
    fake = installFakeVscode();
    forget();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(extensionBundle) as { activate(ctx: unknown): Api };
    const context = makeFakeContext(root);
    const api = await ext.activate(context);
    return { api, context, fake };
  };

  before(function () {
    if (![extensionBundle, registrationsBundle, featuresBundle, awsBundle].every(existsSync)) throw new Error('dist/ is missing: run `npm run build` first');
  });
  afterEach(function () {
    fake?.uninstall();
    fake = undefined;
    forget();
  });

  it('registers the view, a stub for every contributed command and every restored panel, loading neither lazy bundle', async function () {
    const { api, context, fake } = await activate();
    assert.ok(fake.calls.includes('vscode.window.createTreeView'), 'the tree view is created');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { activationEvents: string[]; contributes: { commands: { command: string }[] } };
    const registered = fake.invocations.filter((c) => c.path === 'vscode.commands.registerCommand').map((c) => c.args[0]);
    assert.deepEqual([...registered].sort(), pkg.contributes.commands.map((c) => c.command).sort(), 'every contributed command has its stub');
    const serializers = fake.invocations.filter((c) => c.path === 'vscode.window.registerWebviewPanelSerializer').map((c) => c.args[0]);
    assert.deepEqual(serializers, [...RESTORED_VIEW_TYPES]);
    const restored = pkg.activationEvents.filter((e) => e.startsWith('onWebviewPanel:')).map((e) => e.slice('onWebviewPanel:'.length));
    assert.deepEqual([...restored].sort(), [...RESTORED_VIEW_TYPES].sort(), 'a serializer for each onWebviewPanel activation event');
    assert.ok(fake.calls.includes('vscode.workspace.registerTextDocumentContentProvider'), 'the image JSON scheme is registered');
    assert.ok(context.subscriptions.length >= registered.length, 'disposables are handed to the context');
    assert.equal(require.cache[featuresBundle], undefined, 'dist/features.js was loaded during activation');
    assert.equal(require.cache[awsBundle], undefined, 'dist/aws.js was loaded during activation');
    assert.deepEqual(api.loadedByActivation, { serviceLayer: false, features: false });
  });

  it('creates only the view before activate() returns; the stubs and settings listeners come before its promise resolves', async function () {
    fake = installFakeVscode();
    forget();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(extensionBundle) as { activate(ctx: unknown): Promise<Api> };
    const pending = ext.activate(makeFakeContext(root));
    // What VS Code times as the activate call: the view, nothing else.
    assert.ok(pending instanceof Promise, 'activate() returns a promise');
    assert.ok(fake.calls.includes('vscode.window.createTreeView'), 'the view is created in the call itself');
    assert.equal(require.cache[registrationsBundle], undefined, 'dist/registrations.js waits for the next turn');
    for (const later of ['vscode.commands.registerCommand', 'vscode.window.registerWebviewPanelSerializer', 'vscode.workspace.registerTextDocumentContentProvider', 'vscode.workspace.onDidChangeConfiguration']) {
      assert.ok(!fake.calls.includes(later), `${later} waits for the host's next turn`);
    }
    await pending;
    assert.ok(require.cache[registrationsBundle], 'dist/registrations.js is loaded once the activation resolves');
    for (const done of ['vscode.commands.registerCommand', 'vscode.window.registerWebviewPanelSerializer', 'vscode.workspace.registerTextDocumentContentProvider', 'vscode.workspace.onDidChangeConfiguration', 'vscode.workspace.onDidGrantWorkspaceTrust']) {
      assert.ok(fake.calls.includes(done), `${done} is done once the activation resolves`);
    }
  });

  it('gives the bundles a package scope of their own, so Node does not parse the manifest while VS Code times the load', function () {
    const scope = join(root, 'dist', 'package.json');
    assert.ok(existsSync(scope), 'dist/package.json is written by the build');
    const text = readFileSync(scope, 'utf8');
    assert.deepEqual(JSON.parse(text), { type: 'commonjs' });
    assert.ok(text.length < 64, 'it stays tiny');
  });

  it('loads the features bundle on the first command, still without the service layer', async function () {
    const { fake } = await activate();
    const stub = fake.invocations.find((c) => c.path === 'vscode.commands.registerCommand' && c.args[0] === 'amiExplorer.view.openSettings');
    assert.ok(stub && typeof stub.args[1] === 'function', 'the command has a handler');
    await (stub.args[1] as () => Promise<unknown>)();
    assert.ok(require.cache[featuresBundle], 'running a command loads dist/features.js');
    assert.equal(require.cache[awsBundle], undefined, 'opening the settings needs no AWS call');
  });

  it('keeps commands, panels and the tree provider out of the activation bundle, and the SDK in the service-layer bundle', function () {
    const extension = readFileSync(extensionBundle, 'utf8');
    const features = readFileSync(featuresBundle, 'utf8');
    const aws = readFileSync(awsBundle, 'utf8');
    // The EC2 client's command names are string literals in its serializer: present in one, absent in the other.
    assert.ok(aws.includes('DescribeImages'), 'dist/aws.js holds the EC2 client');
    for (const bundle of [extension, features]) {
      assert.ok(!bundle.includes('DescribeImagesCommand'), 'only dist/aws.js bundles the EC2 client');
      assert.ok(!bundle.includes('@smithy/'), 'only dist/aws.js bundles smithy');
      // catalog (issue #11): the SSM client too (its operation names and service name are literals in its schema).
      assert.ok(!bundle.includes('GetParametersByPath') && !bundle.includes('AmazonSSM') && !bundle.includes('client-ssm'), 'only dist/aws.js bundles the SSM client');
    }
    assert.ok(aws.includes('GetParametersByPath') && aws.includes('AmazonSSM'), 'dist/aws.js holds the SSM client');
    // What only the features bundle does: create panels and tree items, ask through quick picks.
    for (const api of ['createWebviewPanel', 'TreeItemCollapsibleState', 'showQuickPick']) {
      assert.ok(features.includes(api), `dist/features.js uses ${api}`);
      assert.ok(!extension.includes(api), `dist/extension.js must not use ${api} (it belongs behind first use)`);
    }
    // The activate call's bundle holds the view only: the stubs and the services come in the next turn.
    for (const later of ['registerCommand', 'registerWebviewPanelSerializer', 'registerTextDocumentContentProvider', 'onDidChangeConfiguration']) {
      assert.ok(!extension.includes(later), `dist/extension.js must not hold ${later} (dist/registrations.js does)`);
      assert.ok(readFileSync(registrationsBundle, 'utf8').includes(later), `dist/registrations.js holds ${later}`);
    }
    assert.ok(extension.length * 5 < features.length, 'the activation bundle is a small fraction of the features bundle');
    assert.ok(extension.length * 20 < aws.length, 'the activation bundle is a small fraction of the SDK bundle');
  });
});
