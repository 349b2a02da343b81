/**
 * act (#12): what activation loads in the real extension host. activate() registers the view and
 * stubs only; the features bundle (dist/features.js: the tree's provider, the commands, the panels)
 * and the service layer (dist/aws.js: the AWS SDK) load on first use. activate() records, as it
 * returns, whether either was already in the host's module cache (api.loadedByActivation); this
 * test reads that record, and checks the record can see a loaded bundle: after the first use, the
 * same cache holds them under the paths activate() looks for.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AmiExplorerApi } from '../../src/extension';

const EXTENSION_ID = 'ami-explorer.ami-explorer';

describe('activation in the real host', () => {
  let api: AmiExplorerApi;
  let dist: string;

  before(async () => {
    const ext = vscode.extensions.getExtension<AmiExplorerApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    dist = path.join(ext.extensionPath, 'dist');
    // The host runs the built activation bundle, the file whose siblings activate() checks for.
    assert.ok(require.cache[path.join(dist, 'extension.js')], 'the host loaded dist/extension.js');
  });

  it('loaded neither the service layer (dist/aws.js) nor the features bundle (dist/features.js) while activating', () => {
    assert.deepEqual(api.loadedByActivation, { serviceLayer: false, features: false });
  });

  it('loads them on first use, where activate() would have seen them', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.amiExplorer');
    // The view's first fetch builds the tree (features) and resolves profiles (service layer).
    const deadline = Date.now() + 30_000;
    while (!(require.cache[path.join(dist, 'features.js')] && require.cache[path.join(dist, 'aws.js')])) {
      if (Date.now() > deadline) throw new Error('opening the view loaded neither lazy bundle in 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(fs.existsSync(path.join(dist, 'features.js')));
    assert.ok(api.tree, 'the tree provider is there once loaded');
  });
});
