import * as assert from 'node:assert/strict';
import type { ImageReferenceInfo } from '../../../src/model/references';
import { accountUsageText, lastLaunchedText, noReferencesText, referenceRows, referencesTitle, summarizeUsage, usageReportSummary } from '../../../src/model/usage';

const NOW = new Date('2026-12-06T12:00:00Z');
const IMG = 'ami-0123456789abcdef0';

describe('model/usage', () => {
  describe('Find Usage', () => {
    const refs: ImageReferenceInfo[] = [
      { imageId: IMG, resourceType: 'ec2:Instance', arn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0' },
      { imageId: IMG, resourceType: 'ec2:LaunchTemplate', arn: 'arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0123456789abcdef0' },
      { imageId: IMG, resourceType: 'ssm:Parameter', arn: 'arn:aws:ssm:us-east-1:123456789012:parameter/golden/$(x)web' },
    ];
    it('one row per reference: id to copy, kind and region, console link where there is one', () => {
      const rows = referenceRows(refs, 'us-east-1');
      assert.deepEqual(rows.map((r) => [r.kindLabel, r.id, r.description]), [
        ['instance', 'i-0123456789abcdef0', 'instance · us-east-1'],
        ['launch template', 'lt-0123456789abcdef0', 'launch template · us-east-1'],
        ['SSM parameter', '/golden/$(x)web', 'SSM parameter · us-east-1'],
      ]);
      assert.match(rows[0]?.consoleUrl ?? '', /#InstanceDetails:instanceId=i-0123456789abcdef0$/);
      assert.match(rows[1]?.consoleUrl ?? '', /#LaunchTemplateDetails:launchTemplateId=lt-0123456789abcdef0$/);
      assert.ok(!rows[2]?.label.startsWith('/golden/$(x)'), 'a parameter name cannot draw an icon');
      assert.equal(rows[2]?.arn, refs[2]?.arn);
    });
    it('title, last launched header and the empty text', () => {
      assert.equal(referencesTitle(IMG, 'us-east-1', refs), `${IMG} in us-east-1 is used by 1 instance, 1 launch template and 1 SSM parameter`);
      assert.equal(lastLaunchedText('2026-11-30T10:00:00Z', NOW), 'Last launched 2026-11-30 10:00 UTC (6 days ago).');
      assert.equal(lastLaunchedText('2026-12-06T01:00:00Z', NOW), 'Last launched 2026-12-06 01:00 UTC (today).');
      assert.match(lastLaunchedText(undefined, NOW), /^Last launched: never/);
      assert.match(noReferencesText(IMG, 'us-east-1'), /^Nothing in this account and region refers to ami-0123456789abcdef0 \(us-east-1\).*Other accounts' use is not visible here/);
    });
  });

  describe('usage reports', () => {
    const entries = [
      { accountId: '210987654321', resourceType: 'ec2:Instance', usageCount: 3 },
      { accountId: '210987654321', resourceType: 'ec2:LaunchTemplate', usageCount: 1 },
      { accountId: '345678901234', resourceType: 'ec2:Instance', usageCount: 1 },
      { accountId: '111122223333', resourceType: 'ec2:Future', usageCount: 2 },
    ];
    it('per account, biggest first, counts by type', () => {
      const accounts = summarizeUsage(entries);
      assert.deepEqual(accounts.map((a) => [a.accountId, a.instances, a.launchTemplates, a.total]), [
        ['210987654321', 3, 1, 4],
        ['111122223333', 0, 0, 2],
        ['345678901234', 1, 0, 1],
      ]);
      assert.equal(accountUsageText(accounts[0]!), '3 instances, 1 launch template');
      assert.equal(accountUsageText(accounts[1]!), '2 ec2:Future');
      assert.equal(accountUsageText(accounts[2]!), '1 instance');
    });
    it('summary', () => {
      const accounts = summarizeUsage(entries.slice(0, 3));
      assert.equal(usageReportSummary(IMG, 'us-east-1', accounts), `2 accounts use ${IMG} (us-east-1): 4 instances and 1 launch template in all.`);
      assert.equal(usageReportSummary(IMG, 'us-east-1', summarizeUsage(entries.slice(2, 3))), `1 account uses ${IMG} (us-east-1): 1 instance in all.`);
      assert.match(usageReportSummary(IMG, 'us-east-1', []), /^No other account uses/);
    });
  });
});
