/**
 * The launch dialogs' plain parts (plain Node, vscode faked): the suggested key pair name, the
 * key file remembered per profile, region and key name, and the texts of launch outcomes (the
 * field a refusal is about, the Marketplace page, a recovered launch, a failed wait).
 */
import * as assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as LaunchUiModule from '../../../src/ui/launch';
import type { LaunchOutcome } from '../../../src/data/launch';
import type { ExtensionServices } from '../../../src/services';
import { installFakeVscode, type FakeVscode } from '../support/fakeVscode';

const IMAGE = { imageId: 'ami-0123456789abcdef0' };

describe('ui/launch', () => {
  let fake: FakeVscode;
  let mod: typeof LaunchUiModule;

  before(() => {
    fake = installFakeVscode();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../../src/ui/launch') as typeof LaunchUiModule;
  });
  after(() => fake.uninstall());

  describe('suggestedKeyName', () => {
    it('is the image name with what EC2 or a shell would stumble on replaced, plus -key', () => {
      assert.equal(mod.suggestedKeyName({ imageId: IMAGE.imageId, name: 'web server 2026/05 $(rocket) "prod"' }), 'web-server-2026-05-rocket-prod-key');
      assert.equal(mod.suggestedKeyName({ imageId: IMAGE.imageId, name: 'al2023-ami-2026.1.x86_64' }), 'al2023-ami-2026.1.x86_64-key');
    });
    it('is the image id when the name has nothing usable', () => {
      assert.equal(mod.suggestedKeyName({ imageId: IMAGE.imageId, name: '日本語' }), `${IMAGE.imageId}-key`);
      assert.equal(mod.suggestedKeyName({ imageId: IMAGE.imageId }), `${IMAGE.imageId}-key`);
    });
  });

  describe('writePrivateKey', () => {
    const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n-----END OPENSSH PRIVATE KEY-----\n';
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'ami-explorer-key-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string) => ({ scheme: 'file', fsPath: join(dir, name) });
    const mode = (p: string): number => statSync(p).mode & 0o777;

    it('writes a new file with mode 0600, creating its folder, and leaves no temporary file', async () => {
      const target = file('nested/.ssh/new.pem');
      await mod.writePrivateKey(target, KEY);
      assert.equal(readFileSync(target.fsPath, 'utf8'), KEY);
      assert.equal(mode(target.fsPath), 0o600);
      assert.deepEqual(readdirSync(join(dir, 'nested/.ssh')), ['new.pem']);
    });

    it('an existing file with mode 0644 ends with the key and mode 0600', async () => {
      const target = file('old.pem');
      writeFileSync(target.fsPath, 'old contents');
      chmodSync(target.fsPath, 0o644);
      await mod.writePrivateKey(target, KEY);
      assert.equal(readFileSync(target.fsPath, 'utf8'), KEY);
      assert.equal(mode(target.fsPath), 0o600);
      assert.deepEqual(readdirSync(dir), ['old.pem']);
    });

    it('a symbolic link at the target is replaced by the file; the file it pointed to is untouched', async () => {
      const victim = join(dir, 'authorized_keys');
      writeFileSync(victim, 'ssh-ed25519 AAAA me\n');
      chmodSync(victim, 0o644);
      const target = file('link.pem');
      symlinkSync(victim, target.fsPath);
      await mod.writePrivateKey(target, KEY);
      assert.ok(lstatSync(target.fsPath).isFile(), 'a plain file now, not a link');
      assert.equal(readFileSync(target.fsPath, 'utf8'), KEY);
      assert.equal(mode(target.fsPath), 0o600);
      assert.equal(readFileSync(victim, 'utf8'), 'ssh-ed25519 AAAA me\n');
      assert.equal(mode(victim), 0o644);
    });

    it('refuses a location that is not a local file, writing nothing', async () => {
      await assert.rejects(mod.writePrivateKey({ scheme: 'vscode-remote', fsPath: join(dir, 'remote.pem') }, KEY), /only to a file on this computer/);
      assert.deepEqual(readdirSync(dir), []);
    });
  });

  it('deleteKeyPairCommand quotes as the model does (one shell-quoting rule)', () => {
    assert.equal(mod.deleteKeyPairCommand('team,prod%1', 'us-east-1', undefined), 'aws ec2 delete-key-pair --key-name team,prod%1 --region us-east-1');
    assert.equal(mod.deleteKeyPairCommand("it's mine", 'eu-west-1', 'my profile'), `aws ec2 delete-key-pair --key-name 'it'\\''s mine' --region eu-west-1 --profile 'my profile'`);
  });

  describe('keyFileFor', () => {
    it('knows a key file only for the profile, region and key name it was saved for', () => {
      const key = JSON.stringify(['dev', 'eu-west-1', 'ops']);
      const services = { context: { globalState: { get: () => ({ [key]: '/home/me/.ssh/ops.pem' }) } } } as unknown as ExtensionServices;
      assert.equal(mod.keyFileFor(services, 'dev', 'eu-west-1', 'ops'), '/home/me/.ssh/ops.pem');
      assert.equal(mod.keyFileFor(services, undefined, 'eu-west-1', 'ops'), undefined);
      assert.equal(mod.keyFileFor(services, 'dev', 'us-east-1', 'ops'), undefined);
      assert.equal(mod.keyFileFor(services, 'dev', 'eu-west-1', 'other'), undefined);
    });
  });

  describe('outcomeText', () => {
    it('local problems name their fields; nothing was launched', () => {
      const t = mod.outcomeText(IMAGE, { kind: 'refused', verdict: { kind: 'invalid', problems: [{ field: 'userData', message: 'User data is 17 KB.' }, { field: 'count', message: 'At most 20.' }] } });
      assert.equal(t.level, 'error');
      assert.equal(t.text, 'The launch form has problems (user data: User data is 17 KB.; count: At most 20.). Nothing was launched.');
    });

    it('a dry-run refusal names the field and, for a Marketplace subscription, the product page', () => {
      const subnet = mod.outcomeText(IMAGE, { kind: 'refused', verdict: { kind: 'refused', field: 'subnet', failure: { kind: 'notFound', code: 'InvalidSubnetID.NotFound', message: "The subnet ID 'subnet-0x' does not exist." } } });
      assert.equal(subnet.text, "The dry run refused the launch (subnet): The subnet ID 'subnet-0x' does not exist. Nothing was launched.");
      const market = mod.outcomeText(IMAGE, {
        kind: 'refused',
        verdict: { kind: 'refused', marketplaceUrl: 'https://aws.amazon.com/marketplace/pp?sku=abc', failure: { kind: 'subscriptionRequired', message: 'Not subscribed.' } },
      });
      assert.match(market.text, /Subscribe to the product on its AWS Marketplace page first: https:\/\/aws\.amazon\.com\/marketplace\/pp\?sku=abc/);
    });

    it('a launch lists each instance with state and addresses, says when it was recovered, and warns when the wait failed', () => {
      const reservation = { reservationId: 'r-1', instances: [{ instanceId: 'i-01', state: 'running', publicIpAddress: '203.0.113.7', privateIpAddress: '10.0.0.5' }, { instanceId: 'i-02', state: 'running', privateIpAddress: '10.0.0.6' }] };
      const running: LaunchOutcome = { kind: 'launched', reservation, recovered: true, running: true, waitCancelled: false };
      const t = mod.outcomeText(IMAGE, running);
      assert.equal(t.level, 'info');
      assert.match(t.text, /^Launched 2 instances from ami-0123456789abcdef0, running: i-01 \(running, 203\.0\.113\.7, private 10\.0\.0\.5\), i-02 \(running, private 10\.0\.0\.6\)\./);
      assert.match(t.text, /found by the request’s client token \(nothing was launched twice\)/);
      const waitFailed = mod.outcomeText(IMAGE, { ...running, recovered: false, running: false, waitFailure: { kind: 'unknown', message: 'i-02 was terminated.' } });
      assert.equal(waitFailed.level, 'warning');
      assert.match(waitFailed.text, /but waiting for them to run failed: i-02 was terminated\.$/);
    });

    it('a failure after which it is not known whether anything was launched never says "nothing was launched", and says the same form again is safe', () => {
      const lost = mod.outcomeText(IMAGE, {
        kind: 'failed',
        uncertain: true,
        failure: { kind: 'unreachable', code: 'ResponseLost', message: 'The connection to EC2 in us-east-1 closed before it answered RunInstances (ECONNRESET). No instances launched with its client token were found yet, so it is not known whether any were launched.', nextStep: 'Send the same request again.' },
      });
      assert.equal(lost.level, 'error');
      assert.match(lost.text, /^Launching from ami-0123456789abcdef0 failed, and it is not known whether instances were launched: The connection to EC2/);
      assert.ok(lost.text.endsWith(`so it is not known whether any were launched. ${mod.SAME_FORM_AGAIN}`), lost.text);
      assert.match(mod.SAME_FORM_AGAIN, /same form again is safe: it reuses .*client token/);
      const cancelled = mod.outcomeText(IMAGE, { kind: 'failed', uncertain: true, failure: { kind: 'cancelled', message: 'Cancelled before launching again: whether the earlier submission of this form launched instances is not known.' } });
      assert.equal(cancelled.level, 'warning');
      const unreachable = mod.outcomeText(IMAGE, { kind: 'failed', uncertain: true, failure: { kind: 'unreachable', code: 'ECONNREFUSED', message: 'Could not reach https://ec2.us-east-1.amazonaws.com (ECONNREFUSED).', nextStep: 'Check the network connection.' } });
      assert.match(unreachable.text, /not known whether instances were launched: Could not reach .* Check the network connection\. Launching the same form again is safe/);
      for (const t of [lost, cancelled, unreachable]) assert.doesNotMatch(t.text, /nothing was launched/i);
    });

    it('a cancel before sending is not an error', () => {
      const t = mod.outcomeText(IMAGE, { kind: 'failed', failure: { kind: 'cancelled', message: 'x' } });
      assert.deepEqual(t, { level: 'info', text: 'Cancelled before launching: nothing was launched from ami-0123456789abcdef0.' });
    });
  });
});
