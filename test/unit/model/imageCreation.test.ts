import * as assert from 'node:assert/strict';
import {
  bootModesFor,
  buildRegisterRequest,
  copyFormProblems,
  creationDoneText,
  creationProgressTitle,
  defaultCopyDescription,
  defaultCopyName,
  defaultCreateName,
  descriptionProblem,
  imageableInstances,
  imageNameProblem,
  kmsKeyProblem,
  nextDeviceName,
  NO_REBOOT_WARNING,
  parseTags,
  registerFormProblems,
  sameCopyForm,
  stoppedWaitingText,
  toCopyRequest,
  type CopyForm,
  type RegisterForm,
} from '../../../src/model/imageCreation';

describe('model/imageCreation', () => {
  describe('names, descriptions, KMS keys', () => {
    it('AMI names: 3–128 characters of letters, digits and ( ) [ ] space . / - \' @ _', () => {
      for (const ok of ['abc', "web (v1) [x86] ./-'@_", 'a'.repeat(128)]) assert.equal(imageNameProblem(ok), undefined, ok);
      assert.match(imageNameProblem('') ?? '', /needs a name/);
      assert.match(imageNameProblem('ab') ?? '', /3 to 128 characters .*has 2/);
      assert.match(imageNameProblem('a'.repeat(129)) ?? '', /has 129/);
      assert.match(imageNameProblem('web*1:x') ?? '', /not: \* :$/);
      assert.match(imageNameProblem('tab\there') ?? '', /U\+0009/);
      assert.equal(descriptionProblem('x'.repeat(255)), undefined);
      assert.match(descriptionProblem('x'.repeat(256)) ?? '', /at most 255/);
    });

    it('KMS keys: ids, multi-Region ids, aliases and ARNs pass; anything else says what is expected', () => {
      for (const ok of [
        '1234abcd-12ab-34cd-56ef-1234567890ab',
        'mrk-1234abcd12ab34cd56ef1234567890ab',
        'alias/my-key',
        'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        'arn:aws:kms:eu-west-1:111122223333:alias/my-key',
      ]) {
        assert.equal(kmsKeyProblem(ok), undefined, ok);
      }
      assert.match(kmsKeyProblem('') ?? '', /Enter a KMS key/);
      assert.match(kmsKeyProblem('arn:aws:s3:::bucket') ?? '', /Not a KMS key ARN/);
      assert.match(kmsKeyProblem('alias/') ?? '', /alias is alias\//);
      assert.match(kmsKeyProblem('my key') ?? '', /Not a KMS key/);
    });
  });

  describe('copy', () => {
    const image = { imageId: 'ami-0abc', name: 'web server' };
    const form = (patch: Partial<CopyForm> = {}): CopyForm => ({
      sourceRegion: 'us-east-1',
      sourceImageId: 'ami-0abc',
      targetRegion: 'eu-west-1',
      name: 'web server',
      description: '',
      encryption: { kind: 'keep' },
      copyTags: true,
      ...patch,
    });

    it('defaults: the source name (with " (copy)" in the same region) and the console’s description', () => {
      assert.equal(defaultCopyName(image, false), 'web server');
      assert.equal(defaultCopyName(image, true), 'web server (copy)');
      assert.equal(defaultCopyName({ imageId: 'ami-0abc', name: 'n'.repeat(128) }, true).length, 128);
      assert.equal(defaultCopyDescription(image, 'us-east-1'), '[Copied ami-0abc from us-east-1] web server');
      assert.equal(defaultCopyDescription({ imageId: 'ami-0abc', name: 'x'.repeat(300) }, 'us-east-1').length, 255);
    });

    it('form problems: name, description, a malformed key, a key ARN of another region', () => {
      assert.deepEqual(copyFormProblems(form()), []);
      assert.equal(copyFormProblems(form({ name: 'x' })).length, 1);
      assert.match(copyFormProblems(form({ encryption: { kind: 'kms', keyId: 'nope' } }))[0] ?? '', /Not a KMS key/);
      assert.match(copyFormProblems(form({ encryption: { kind: 'kms', keyId: 'arn:aws:kms:us-east-1:111122223333:alias/k' } }))[0] ?? '', /key is in us-east-1; a copy into eu-west-1/);
    });

    it('the request: Encrypted only when asked, KmsKeyId only with a key; same form = same copy', () => {
      assert.deepEqual(toCopyRequest(form()), { sourceRegion: 'us-east-1', sourceImageId: 'ami-0abc', name: 'web server', copyTags: true });
      assert.deepEqual(toCopyRequest(form({ encryption: { kind: 'default' }, description: 'd' })), { sourceRegion: 'us-east-1', sourceImageId: 'ami-0abc', name: 'web server', description: 'd', encrypted: true, copyTags: true });
      assert.equal(toCopyRequest(form({ encryption: { kind: 'kms', keyId: ' alias/k ' } })).kmsKeyId, 'alias/k');
      assert.ok(sameCopyForm(form(), form()));
      assert.ok(!sameCopyForm(form(), form({ targetRegion: 'eu-central-1' })));
      assert.ok(!sameCopyForm(form({ encryption: { kind: 'kms', keyId: 'alias/a' } }), form({ encryption: { kind: 'kms', keyId: 'alias/b' } })));
    });
  });

  describe('create from an instance', () => {
    it('offers running and stopped instances only; the default name is the Name tag and a UTC stamp', () => {
      const all = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'].map((state, n) => ({ instanceId: `i-${n}`, state }));
      assert.deepEqual(imageableInstances(all).map((i) => i.state), ['running', 'stopped']);
      const now = new Date('2026-12-06T23:40:12Z');
      assert.equal(defaultCreateName({ instanceId: 'i-1', name: 'web:1' }, now), 'web-1 2026-12-06 2340');
      assert.equal(defaultCreateName({ instanceId: 'i-1' }, now), 'i-1 2026-12-06 2340');
      assert.equal(imageNameProblem(defaultCreateName({ instanceId: 'i-1', name: '✓'.repeat(200) }, now)), undefined);
    });

    it('the no-reboot warning says the file systems may be inconsistent', () => {
      assert.match(NO_REBOOT_WARNING, /file systems .* may be inconsistent/);
    });

    it('tags: key=value pairs separated by commas, with EC2’s limits', () => {
      assert.deepEqual(parseTags(''), { tags: {} });
      assert.deepEqual(parseTags('team=web, env = prod ,empty='), { tags: { team: 'web', env: 'prod', empty: '' } });
      assert.match((parseTags('=x') as { problem: string }).problem, /no key/);
      assert.match((parseTags('aws:x=1') as { problem: string }).problem, /reserved/);
      assert.match((parseTags('a=1,a=2') as { problem: string }).problem, /twice/);
    });
  });

  describe('register from a snapshot', () => {
    const form = (patch: Partial<RegisterForm> = {}): RegisterForm => ({
      region: 'us-east-1',
      name: 'registered',
      description: '',
      rootSnapshotId: 'snap-0123456789abcdef0',
      rootDeviceName: '/dev/xvda',
      architecture: 'x86_64',
      bootMode: 'uefi-preferred',
      enaSupport: true,
      extraVolumes: [{ snapshotId: 'snap-0123456789abcdef1', deviceName: '/dev/sdb' }],
      ...patch,
    });

    it('always sends an architecture and hvm, the root volume first, then the extra ones', () => {
      const built = buildRegisterRequest(form());
      assert.ok(built.ok);
      assert.equal(built.request.Architecture, 'x86_64');
      assert.equal(built.request.VirtualizationType, 'hvm');
      assert.equal(built.request.BootMode, 'uefi-preferred');
      assert.equal(built.request.EnaSupport, true);
      assert.equal(built.request.RootDeviceName, '/dev/xvda');
      assert.deepEqual(built.request.BlockDeviceMappings.map((m) => [m.DeviceName, m.Ebs.SnapshotId]), [['/dev/xvda', 'snap-0123456789abcdef0'], ['/dev/sdb', 'snap-0123456789abcdef1']]);
      assert.equal('Description' in built.request, false);
      const arm = buildRegisterRequest(form({ architecture: 'arm64', bootMode: 'uefi', enaSupport: false }));
      assert.ok(arm.ok && arm.request.Architecture === 'arm64' && arm.request.VirtualizationType === 'hvm' && arm.request.EnaSupport === false);
    });

    it('validation: name, root snapshot, device names, the same device or snapshot twice, arm64 with BIOS', () => {
      assert.deepEqual(registerFormProblems(form()), []);
      const bad = buildRegisterRequest(form({ name: 'x', rootSnapshotId: '' }));
      assert.ok(!bad.ok);
      assert.equal(bad.problems.length, 2);
      assert.match(registerFormProblems(form({ extraVolumes: [{ snapshotId: 'snap-0123456789abcdef1', deviceName: '/dev/xvda' }] })).join(' '), /device \/dev\/xvda is used twice/);
      assert.match(registerFormProblems(form({ extraVolumes: [{ snapshotId: 'snap-0123456789abcdef0', deviceName: '/dev/sdb' }] })).join(' '), /used for two volumes/);
      assert.match(registerFormProblems(form({ rootDeviceName: 'xvda' })).join(' '), /not a device name/);
      assert.match(registerFormProblems(form({ architecture: 'arm64', bootMode: 'legacy-bios' })).join(' '), /arm64 images boot with uefi only/);
      assert.deepEqual(bootModesFor('arm64'), ['uefi']);
    });

    it('extra volumes get the next free device name', () => {
      assert.equal(nextDeviceName(['/dev/xvda']), '/dev/sdb');
      assert.equal(nextDeviceName(['/dev/xvda', '/dev/sdb', '/dev/xvdc']), '/dev/sdd');
    });
  });

  describe('texts', () => {
    it('progress, done and stopped-waiting say what happens in AWS', () => {
      assert.equal(creationProgressTitle('copy', { name: 'n', region: 'eu-west-1', sourceImageId: 'ami-1' }), 'Copying ami-1 to eu-west-1 as "n"…');
      assert.equal(creationProgressTitle('create', { name: 'n', region: 'r', instanceId: 'i-1' }), 'Creating "n" from i-1 in r…');
      assert.equal(creationProgressTitle('register', { name: 'n', region: 'r', snapshotId: 'snap-1' }), 'Registering "n" from snap-1 in r…');
      assert.equal(creationDoneText('copy', 'ami-2', 'n', 'eu-west-1'), 'ami-2 ("n") was copied in eu-west-1 and is available.');
      assert.match(stoppedWaitingText('copy', 'ami-2', 'eu-west-1'), /^Stopped waiting for ami-2 in eu-west-1\. The copy continues in AWS/);
      assert.match(stoppedWaitingText('create', 'ami-2', 'r'), /The creation continues in AWS/);
    });
  });
});
