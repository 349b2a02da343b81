/**
 * The launch panel's message guards (src/webviews/launch/protocol.ts): a form from the page is
 * taken only in its exact shape (strings bounded and single-line, whole numbers, known enum values,
 * EC2 id patterns, no extra keys), and every request's parameters are checked the same way.
 */
import * as assert from 'node:assert/strict';
import type { LaunchForm } from '../../../src/model/launch';
import {
  CopyRequest,
  LaunchRequest,
  NetworkRequest,
  OfferingsRequest,
  OpenConsoleCommand,
  OpenMarketplaceCommand,
  ValidateRequest,
  isLaunchForm,
  isLaunchState,
  isOutcomeView,
  isVerdictView,
} from '../../../src/webviews/launch/protocol';
import { sampleForm } from './launchFixtures';

const without = (key: keyof LaunchForm): Record<string, unknown> => {
  const f: Record<string, unknown> = { ...sampleForm() };
  delete f[key];
  return f;
};

describe('webviews/launch protocol (guards)', () => {
  it('accepts a whole form, and one with the optional fields left out', () => {
    assert.ok(isLaunchForm(sampleForm()));
    assert.ok(isLaunchForm(sampleForm({ keyName: undefined, vpcId: undefined, subnetId: undefined, iamInstanceProfile: undefined, userData: undefined, tags: [], securityGroupIds: [], volumes: [] })));
    for (const key of ['keyName', 'vpcId', 'subnetId', 'iamInstanceProfile', 'userData'] as const) assert.ok(isLaunchForm(without(key)), `${key} may be absent`);
    assert.ok(isLaunchForm(sampleForm({ instanceType: '', count: 0 })), 'an unfinished form reaches the model, which says what is missing');
  });

  it('refuses missing required fields and extra keys', () => {
    for (const key of ['instanceType', 'count', 'name', 'tags', 'securityGroupIds', 'publicIp', 'volumes', 'imdsV2Required'] as const) {
      assert.ok(!isLaunchForm(without(key)), `${key} is required`);
    }
    assert.ok(!isLaunchForm({ ...sampleForm(), dryRun: false }));
    assert.ok(!isLaunchForm({ ...sampleForm(), clientToken: 'x' }));
    assert.ok(!isLaunchForm({ ...sampleForm(), volumes: [{ ...sampleForm().volumes[0], kmsKeyId: 'x' }] }));
    assert.ok(!isLaunchForm({ ...sampleForm(), tags: [{ key: 'a', value: 'b', extra: 1 }] }));
    assert.ok(!isLaunchForm(null) && !isLaunchForm([]) && !isLaunchForm('form'));
  });

  it('refuses wrong types: numbers as text, fractions, negative counts, huge ones', () => {
    assert.ok(!isLaunchForm(sampleForm({ count: '2' as never })));
    assert.ok(!isLaunchForm(sampleForm({ count: 1.5 })));
    assert.ok(!isLaunchForm(sampleForm({ count: -1 })));
    assert.ok(!isLaunchForm(sampleForm({ count: Number.NaN })));
    assert.ok(!isLaunchForm(sampleForm({ count: 1e9 })));
    assert.ok(!isLaunchForm(sampleForm({ imdsV2Required: 'true' as never })));
    assert.ok(!isLaunchForm(sampleForm({ securityGroupIds: 'sg-0123456789abcdef0' as never })));
    assert.ok(!isLaunchForm(sampleForm({ volumes: [{ ...sampleForm().volumes[0]!, sizeGiB: 8.5 }] })));
    assert.ok(!isLaunchForm(sampleForm({ volumes: [{ ...sampleForm().volumes[0]!, encrypted: 1 as never }] })));
  });

  it('refuses unknown enum values', () => {
    assert.ok(!isLaunchForm(sampleForm({ publicIp: 'always' as never })));
    assert.ok(!isLaunchForm(sampleForm({ volumes: [{ ...sampleForm().volumes[0]!, volumeType: 'gp4' }] })));
  });

  it('refuses malformed ids and markup where EC2 ids go', () => {
    assert.ok(!isLaunchForm(sampleForm({ vpcId: 'vpc-<script>' })));
    assert.ok(!isLaunchForm(sampleForm({ subnetId: 'subnet-0123456789ABCDEF0' })));
    assert.ok(!isLaunchForm(sampleForm({ securityGroupIds: ['sg-1234', 'sg-0123456789abcdef0'] })));
    assert.ok(!isLaunchForm(sampleForm({ instanceType: 'T3.MICRO' })));
    assert.ok(!isLaunchForm(sampleForm({ instanceType: 't3.micro"><img src=x>' })));
    assert.ok(!isLaunchForm(sampleForm({ volumes: [{ ...sampleForm().volumes[0]!, snapshotId: 'snap-x' }] })));
    assert.ok(!isLaunchForm(sampleForm({ volumes: [{ ...sampleForm().volumes[0]!, deviceName: '' }] })));
    assert.ok(!isLaunchForm(sampleForm({ volumes: [{ ...sampleForm().volumes[0]!, deviceName: '/dev/sda1\n' }] })));
  });

  it('bounds texts and lists, and keeps control characters out of single-line fields', () => {
    assert.ok(!isLaunchForm(sampleForm({ name: 'x'.repeat(257) })));
    assert.ok(!isLaunchForm(sampleForm({ name: 'web\nserver' })));
    assert.ok(!isLaunchForm(sampleForm({ tags: [{ key: 'k'.repeat(129), value: '' }] })));
    assert.ok(!isLaunchForm(sampleForm({ tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: '' })) })));
    assert.ok(!isLaunchForm(sampleForm({ keyName: 'key\u0000' })));
    assert.ok(!isLaunchForm(sampleForm({ userData: 'x'.repeat(64 * 1024 + 1) })));
    assert.ok(isLaunchForm(sampleForm({ userData: 'line one\nline two\ttabbed' })), 'user data may hold lines');
    assert.ok(isLaunchForm(sampleForm({ name: '<img src=x onerror=alert(1)>' })), 'a name is only text; it is shown as text');
  });

  it('checks every request’s parameters', () => {
    assert.ok(ValidateRequest.isParams({ form: sampleForm() }));
    assert.ok(!ValidateRequest.isParams({ form: sampleForm({ count: -1 }) }));
    assert.ok(!ValidateRequest.isParams({ form: sampleForm(), dryRun: false }));
    assert.ok(LaunchRequest.isParams({ form: sampleForm() }));
    assert.ok(!LaunchRequest.isParams({}));
    assert.ok(NetworkRequest.isParams({ vpcId: 'vpc-0123456789abcdef0' }));
    assert.ok(!NetworkRequest.isParams({ vpcId: 'vpc-1; rm -rf /' }));
    assert.ok(OfferingsRequest.isParams({ availabilityZone: 'eu-west-1a' }));
    assert.ok(!OfferingsRequest.isParams({ availabilityZone: '<b>eu</b>' }));
    assert.ok(CopyRequest.isParams({ instanceId: 'i-0123456789abcdef0', what: 'ssh' }));
    assert.ok(!CopyRequest.isParams({ instanceId: 'i-0123456789abcdef0', what: 'key' }));
    assert.ok(!CopyRequest.isParams({ instanceId: 'i-0123456789abcdef0; ls', what: 'id' }));
    assert.ok(OpenConsoleCommand.isParams({ instanceId: 'i-0123456789abcdef0' }));
    assert.ok(!OpenConsoleCommand.isParams({ instanceId: 'i-0123456789abcdef0', url: 'https://evil.example' }));
    assert.ok(OpenMarketplaceCommand.isParams({}));
    assert.ok(!OpenMarketplaceCommand.isParams({ url: 'https://aws.amazon.com/marketplace/pp/x' }), 'the page never names the URL');
  });

  it('checks the host’s answers and the kept state', () => {
    assert.ok(isVerdictView({ kind: 'valid' }));
    assert.ok(!isVerdictView({ kind: 'valid', extra: 1 }));
    assert.ok(isVerdictView({ kind: 'invalid', problems: [{ field: 'count', message: 'x' }] }));
    assert.ok(!isVerdictView({ kind: 'invalid', problems: [{ field: 'nope', message: 'x' }] }));
    assert.ok(isVerdictView({ kind: 'refused', message: 'no', field: 'subnet', code: 'InvalidSubnetID.NotFound' }));
    assert.ok(isOutcomeView({ kind: 'failed', message: 'x' }));
    assert.ok(isOutcomeView({ kind: 'launched', reservationId: 'r-1', instances: [{ instanceId: 'i-0123456789abcdef0', state: 'running', ssh: true }], recovered: false, running: true, waitCancelled: false }));
    assert.ok(!isOutcomeView({ kind: 'launched', reservationId: 'r-1', instances: [{ instanceId: 'i-1', state: 'running' }], recovered: false, running: true, waitCancelled: false }));
    const ref = { region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' };
    assert.ok(isLaunchState({ version: 1, ref }));
    assert.ok(isLaunchState({ version: 1, ref, form: sampleForm() }));
    assert.ok(!isLaunchState({ version: 1, ref, form: { ...sampleForm(), count: 'many' } }), 'a kept form is checked like a sent one');
    assert.ok(!isLaunchState({ version: 1, ref: { ...ref, imageId: 'ami-x' } }));
  });
});
