/**
 * Activation stays near-instant: the built extension bundle activates against a stand-in `vscode`
 * without loading the service layer (dist/aws.js, which holds the AWS SDK). Needs `npm run build`
 * first, as `npm test` does.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installFakeVscode, makeFakeContext } from './support/fakeVscode';

const root = join(__dirname, '..', '..', '..');
const extensionBundle = join(root, 'dist', 'extension.js');
const awsBundle = join(root, 'dist', 'aws.js');

describe('activation (built bundle)', function () {
  before(function () {
    if (!existsSync(extensionBundle) || !existsSync(awsBundle)) throw new Error('dist/ is missing: run `npm run build` first');
  });

  it('activates, registering the tree and commands, without loading the service layer or the SDK', async function () {
    const fake = installFakeVscode();
    try {
      delete require.cache[extensionBundle];
      delete require.cache[awsBundle];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ext = require(extensionBundle) as { activate(ctx: unknown): unknown };
      const context = makeFakeContext(root);
      await ext.activate(context);
      assert.ok(fake.calls.includes('vscode.window.createTreeView'), 'the tree view is created');
      assert.ok(fake.calls.filter((c) => c === 'vscode.commands.registerCommand').length >= 10, 'commands are registered');
      assert.ok(context.subscriptions.length >= 10, 'disposables are handed to the context');
      assert.equal(require.cache[awsBundle], undefined, 'dist/aws.js was loaded during activation');
    } finally {
      fake.uninstall();
      delete require.cache[extensionBundle];
    }
  });

  it('keeps the SDK out of the activation bundle and in the service-layer bundle', function () {
    const extension = readFileSync(extensionBundle, 'utf8');
    const aws = readFileSync(awsBundle, 'utf8');
    // The EC2 client's command names are string literals in its serializer: present in one, absent in the other.
    assert.ok(aws.includes('DescribeImages'), 'dist/aws.js holds the EC2 client');
    assert.ok(!extension.includes('DescribeImagesCommand'), 'dist/extension.js must not bundle the EC2 client');
    assert.ok(!extension.includes('@smithy/'), 'dist/extension.js must not bundle smithy');
    // catalog (issue #11): the SSM client too (its operation names and service name are literals in its schema).
    assert.ok(aws.includes('GetParametersByPath') && aws.includes('AmazonSSM'), 'dist/aws.js holds the SSM client');
    assert.ok(!extension.includes('GetParametersByPath') && !extension.includes('AmazonSSM') && !extension.includes('client-ssm'), 'dist/extension.js must not bundle the SSM client');
    assert.ok(extension.length * 5 < aws.length, 'the activation bundle is a small fraction of the SDK bundle');
  });
});
