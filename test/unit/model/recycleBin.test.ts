import * as assert from 'node:assert/strict';
import {
  binnedImageItem,
  describeRestore,
  emptyBinText,
  planRestore,
  restoreSteps,
  retentionText,
  snapshotNamesImage,
  timeLeftText,
  utcText,
} from '../../../src/model/recycleBin';

const NOW = new Date('2026-12-06T12:00:00Z');
const IMG = 'ami-0123456789abcdef0';

describe('model/recycleBin', () => {
  describe('retention text', () => {
    it('kept until … (in N days), hours, less than an hour, passed', () => {
      assert.equal(retentionText('2026-12-11T12:30:00Z', NOW), 'kept until 2026-12-11 12:30 UTC (in 5 days)');
      assert.equal(timeLeftText('2026-12-07T13:00:00Z', NOW), 'in 1 day');
      assert.equal(timeLeftText('2026-12-06T17:10:00Z', NOW), 'in 5 hours');
      assert.equal(timeLeftText('2026-12-06T13:10:00Z', NOW), 'in 1 hour');
      assert.equal(timeLeftText('2026-12-06T12:10:00Z', NOW), 'in less than an hour');
      assert.equal(timeLeftText('2026-12-06T11:00:00Z', NOW), 'already passed');
      assert.equal(retentionText(undefined, NOW), 'retention end unknown');
      assert.equal(utcText('not a date'), 'not a date');
    });
  });

  describe('binnedImageItem', () => {
    it('name as label, id beside it, retention end first below, then deregistration time and description', () => {
      const item = binnedImageItem({ imageId: IMG, name: 'web', description: 'the web tier', enterTime: '2026-12-01T08:00:00Z', exitTime: '2026-12-11T08:00:00Z' }, NOW);
      assert.deepEqual(item, { label: 'web', description: IMG, detail: 'kept until 2026-12-11 08:00 UTC (in 4 days) · deregistered 2026-12-01 08:00 UTC · the web tier' });
    });
    it('the id when there is no name; hostile names cannot draw icons or break lines', () => {
      assert.equal(binnedImageItem({ imageId: IMG }, NOW).label, IMG);
      const hostile = binnedImageItem({ imageId: IMG, name: '$(verified) Official\nsecond line' }, NOW);
      assert.ok(!hostile.label.includes('\n'));
      assert.ok(!/^\$\(verified\)/.test(hostile.label));
    });
  });

  describe('planRestore', () => {
    const binned = [
      { snapshotId: 'snap-1', description: `Created by CreateImage(i-0abc) for ${IMG}` },
      { snapshotId: 'snap-2', description: `Copied for DestinationAmi ${IMG} from SourceAmi ami-0fff` },
      { snapshotId: 'snap-3', description: 'Created by CreateImage(i-0abc) for ami-0123456789abcdef9' },
      { snapshotId: 'snap-4', description: `Created by CreateImage(i-0abc) for ${IMG}1` },
    ];
    it('snapshots of the image in the bin are restored first, in order; others are left alone', () => {
      const plan = planRestore(IMG, binned, []);
      assert.deepEqual(plan.snapshotsToRestore, ['snap-1', 'snap-2']);
      assert.equal(plan.warning, undefined);
      assert.deepEqual(restoreSteps(plan), ['Restoring snapshot snap-1…', 'Restoring snapshot snap-2…', `Restoring image ${IMG}…`]);
    });
    it('snapshots that still exist need nothing', () => {
      const plan = planRestore(IMG, [], [{ snapshotId: 'snap-9', description: `Created by CreateImage(i-1) for ${IMG}` }]);
      assert.deepEqual(plan.snapshotsToRestore, []);
      assert.deepEqual(plan.existing, ['snap-9']);
      assert.equal(plan.warning, undefined);
    });
    it('no snapshot anywhere: a warning that the image may not launch', () => {
      const plan = planRestore(IMG, binned.slice(2), []);
      assert.deepEqual(plan.snapshotsToRestore, []);
      assert.match(plan.warning ?? '', /No snapshot of ami-0123456789abcdef0 was found.*cannot launch/);
    });
    it('snapshotNamesImage matches the whole id only', () => {
      assert.ok(snapshotNamesImage(`for ${IMG}`, IMG));
      assert.ok(!snapshotNamesImage(`for ${IMG}1`, IMG));
      assert.ok(!snapshotNamesImage(undefined, IMG));
    });
  });

  describe('describeRestore', () => {
    const base = { imageId: IMG, region: 'us-east-1' };
    it('snapshots then the image: info', () => {
      assert.deepEqual(describeRestore({ ...base, restoredSnapshots: ['snap-1', 'snap-2'], imageRestored: true }), {
        level: 'info',
        text: `Restored snapshots snap-1, snap-2. Restored ${IMG} in us-east-1.`,
      });
      assert.equal(describeRestore({ ...base, restoredSnapshots: [], imageRestored: true }).text, `Restored ${IMG} in us-east-1.`);
    });
    it('a snapshot failed: what was restored, and that the image stays in the bin', () => {
      const r = describeRestore({ ...base, restoredSnapshots: ['snap-1'], imageRestored: false, snapshotFailure: { snapshotId: 'snap-2', reason: 'Access denied.' } });
      assert.equal(r.level, 'warning');
      assert.equal(r.text, `Restored snapshot snap-1. Restoring snapshot snap-2 failed: Access denied. ${IMG} was not restored (it stays in the Recycle Bin).`);
    });
    it('the image failed, cancelled, or not yet visible: warnings', () => {
      assert.match(describeRestore({ ...base, restoredSnapshots: [], imageRestored: false, imageFailure: 'gone' }).text, /Restoring ami-\w+ failed: gone\./);
      assert.match(describeRestore({ ...base, restoredSnapshots: [], imageRestored: false, cancelled: true }).text, /Cancelled before .* stays in the Recycle Bin/);
      const late = describeRestore({ ...base, restoredSnapshots: [], imageRestored: true, notYetVisible: 'Refresh in a few seconds.' });
      assert.equal(late.level, 'warning');
      assert.match(late.text, /Restored .* Refresh in a few seconds\./);
    });
  });

  it('emptyBinText names the region (and profile)', () => {
    assert.match(emptyBinText('eu-west-1'), /^The Recycle Bin in eu-west-1 holds no images\./);
    assert.match(emptyBinText('eu-west-1', 'dev'), /^The Recycle Bin in eu-west-1 \(profile dev\) holds no images/);
  });
});
