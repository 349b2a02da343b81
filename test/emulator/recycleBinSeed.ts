/**
 * Seed fixtures of the Recycle Bin and image usage reports (wt/bin), added after the images:
 * - DEFAULT_ACCOUNT has a retention rule (RETENTION_DAYS) in the first two seeded regions, so a
 *   DeregisterImage there keeps the image in the bin;
 * - in the first region, three images already in the bin (RECYCLED_NAMES): one whose snapshots
 *   are in the bin too, one whose snapshots still exist, one whose snapshots are gone for good;
 * - in every region, other accounts use the kitchen-sink image (shared with OTHER_ACCOUNT):
 *   OTHER_ACCOUNT in 3 instances and 1 launch template, THIRD_ACCOUNT in 1 instance.
 * Times are relative to BASE_DATE (deterministic); the retention is long enough to outlast the clock.
 */
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, THIRD_ACCOUNT } from './accounts';
import type { EmulatorStore } from './store';
import type { EmuImage } from './types';

export const RETENTION_DAYS = 365;
const DAY = 86_400_000;

export const RECYCLED_NAMES = {
  withSnapshots: 'recycled-with-snapshots-in-bin',
  snapshotsKept: 'recycled-snapshots-kept',
  snapshotsGone: 'recycled-snapshots-gone',
} as const;

/** What other accounts do with the kitchen-sink image in every region. */
export const SEEDED_USAGE = [
  { accountId: OTHER_ACCOUNT, resourceType: 'ec2:Instance', count: 3 },
  { accountId: OTHER_ACCOUNT, resourceType: 'ec2:LaunchTemplate', count: 1 },
  { accountId: THIRD_ACCOUNT, resourceType: 'ec2:Instance', count: 1 },
] as const;

export function seedRecycleBinAndUsage(store: EmulatorStore, regions: readonly string[], baseDate: number, kitchenSinkName: string): void {
  for (const region of regions.slice(0, 2)) store.setRetentionRule(DEFAULT_ACCOUNT, region, { days: RETENTION_DAYS });
  const first = regions[0];
  if (first !== undefined) seedBin(store, first, baseDate);
  for (const region of regions) {
    const sink = store.images(region).find((i) => i.ownerId === DEFAULT_ACCOUNT && i.name === kitchenSinkName);
    if (sink) store.setImageUsage(region, sink.imageId, SEEDED_USAGE.map((u) => ({ ...u })));
  }
}

function seedBin(store: EmulatorStore, region: string, baseDate: number): void {
  // Templates: owned, available images with EBS snapshots (their shape is copied, never the records).
  const templates = store.images(region).filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && i.blockDeviceMappings.some((m) => m.ebs?.snapshotId && store.getSnapshot(region, m.ebs.snapshotId)));
  const plan: [keyof typeof RECYCLED_NAMES, 'bin' | 'kept' | 'gone'][] = [
    ['withSnapshots', 'bin'],
    ['snapshotsKept', 'kept'],
    ['snapshotsGone', 'gone'],
  ];
  plan.forEach(([key, snapshots], n) => {
    const template = templates[n % Math.max(1, templates.length)];
    if (!template) return;
    const enter = baseDate + (20 + n) * DAY;
    const exit = enter + RETENTION_DAYS * DAY;
    const imageId = store.newId('ami');
    const image: EmuImage = structuredClone(template);
    image.imageId = imageId;
    image.name = RECYCLED_NAMES[key];
    image.description = `Deregistered ${n + 1} (${snapshots === 'bin' ? 'snapshots in the Recycle Bin' : snapshots === 'kept' ? 'snapshots kept' : 'snapshots deleted for good'})`;
    image.tags = image.tags.filter((t) => t.key !== 'Name');
    image.launchPermissions = [];
    for (const m of image.blockDeviceMappings) {
      const source = m.ebs?.snapshotId ? store.getSnapshot(region, m.ebs.snapshotId) : undefined;
      if (!m.ebs || !source) continue;
      const snapshotId = store.newId('snap');
      m.ebs.snapshotId = snapshotId;
      const snapshot = { ...structuredClone(source), snapshotId, description: source.description.replace(template.imageId, imageId), createVolumePermissions: [], tags: [] };
      if (snapshots === 'bin') store.putSnapshotInBin(snapshot, enter, exit);
      else if (snapshots === 'kept') store.addSnapshot(snapshot);
    }
    store.putImageInBin(image, enter, exit);
  });
}
