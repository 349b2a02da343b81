/**
 * The emulator's state: regions, and per region the images and snapshots. Tests reach it through
 * `emulator.store` to add, change or remove records between calls.
 *
 * Images keep a per-region sequence number in insertion order; NextToken carries the last
 * sequence number served, so each page resumes with a binary search instead of rescanning
 * (paging 100k images stays linear overall).
 */
import type { EmuImage, EmuImageBlockPublicAccess, EmuLaunchPermission, EmuRegion, EmuSnapshot, EmuTag } from './types';

interface Slot<T> {
  seq: number;
  item: T;
}

class OrderedMap<T> {
  private readonly slots: Slot<T>[] = [];
  private readonly byId = new Map<string, Slot<T>>();
  private nextSeq = 1;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.item;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds or replaces; a replaced item keeps its position. */
  set(id: string, item: T): void {
    const existing = this.byId.get(id);
    if (existing) {
      existing.item = item;
      return;
    }
    const slot = { seq: this.nextSeq++, item };
    this.slots.push(slot);
    this.byId.set(id, slot);
  }

  delete(id: string): boolean {
    const slot = this.byId.get(id);
    if (!slot) return false;
    this.byId.delete(id);
    const at = this.indexAfter(slot.seq - 1);
    if (this.slots[at] === slot) this.slots.splice(at, 1);
    return true;
  }

  seqOf(id: string): number | undefined {
    return this.byId.get(id)?.seq;
  }

  values(): T[] {
    return this.slots.map((s) => s.item);
  }

  /** Visits items with seq > afterSeq in order until the visitor returns false. */
  scan(afterSeq: number, visit: (item: T, seq: number) => boolean): void {
    for (let i = this.indexAfter(afterSeq); i < this.slots.length; i++) {
      const slot = this.slots[i] as Slot<T>;
      if (!visit(slot.item, slot.seq)) return;
    }
  }

  /** Index of the first slot whose seq is greater than `seq`. */
  private indexAfter(seq: number): number {
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.slots[mid] as Slot<T>).seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

class RegionData {
  readonly images = new OrderedMap<EmuImage>();
  readonly snapshots = new OrderedMap<EmuSnapshot>();
}

export class EmulatorStore {
  private readonly regionList: EmuRegion[] = [];
  private readonly data = new Map<string, RegionData>();
  /** Accounts that exist: those named in accounts.ts, any owner of a record, and those tests add. */
  private readonly accounts = new Set<string>();
  /** `${account}/${region}` → block public access for AMIs; absent = unblocked, managed by the account. */
  private readonly blockPublicAccess = new Map<string, EmuImageBlockPublicAccess>();

  // ---- accounts ----

  /** Makes an account id known (ModifyImageAttribute refuses unknown accounts, as EC2 does). */
  addAccount(accountId: string): void {
    this.accounts.add(accountId);
  }

  isKnownAccount(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  // ---- block public access for AMIs ----

  getImageBlockPublicAccess(account: string, region: string): EmuImageBlockPublicAccess {
    return { ...(this.blockPublicAccess.get(`${account}/${region}`) ?? { state: 'unblocked', managedBy: 'account' }) };
  }

  /** Tests use this also to put the setting under a declarative policy (`managedBy`). */
  setImageBlockPublicAccess(account: string, region: string, value: Partial<EmuImageBlockPublicAccess>): void {
    this.blockPublicAccess.set(`${account}/${region}`, { ...this.getImageBlockPublicAccess(account, region), ...value });
  }

  // ---- regions ----

  addRegion(region: EmuRegion): void {
    const existing = this.regionList.find((r) => r.regionName === region.regionName);
    if (existing) existing.optInStatus = region.optInStatus;
    else this.regionList.push({ ...region });
    if (!this.data.has(region.regionName)) this.data.set(region.regionName, new RegionData());
  }

  regions(): EmuRegion[] {
    return this.regionList.map((r) => ({ ...r }));
  }

  getRegion(name: string): EmuRegion | undefined {
    return this.regionList.find((r) => r.regionName === name);
  }

  /** Whether requests to this region are served (known and not 'not-opted-in'). */
  isRegionEnabled(name: string): boolean {
    const r = this.getRegion(name);
    return r !== undefined && r.optInStatus !== 'not-opted-in';
  }

  // ---- images ----

  images(region: string): EmuImage[] {
    return this.data.get(region)?.images.values() ?? [];
  }

  imageCount(region?: string): number {
    if (region !== undefined) return this.data.get(region)?.images.size ?? 0;
    let n = 0;
    for (const d of this.data.values()) n += d.images.size;
    return n;
  }

  getImage(region: string, imageId: string): EmuImage | undefined {
    return this.data.get(region)?.images.get(imageId);
  }

  /** Finds an image in any region (ancestry chains cross regions). */
  findImage(imageId: string): EmuImage | undefined {
    for (const d of this.data.values()) {
      const image = d.images.get(imageId);
      if (image) return image;
    }
    return undefined;
  }

  addImage(image: EmuImage): void {
    this.accounts.add(image.ownerId);
    this.regionData(image.region).images.set(image.imageId, image);
  }

  /** Shallow-merges `patch` into the stored image and returns it. */
  modifyImage(region: string, imageId: string, patch: Partial<Omit<EmuImage, 'imageId' | 'region'>>): EmuImage {
    const image = this.requireImage(region, imageId);
    Object.assign(image, patch);
    return image;
  }

  removeImage(region: string, imageId: string): boolean {
    return this.data.get(region)?.images.delete(imageId) ?? false;
  }

  addLaunchPermission(region: string, imageId: string, permission: EmuLaunchPermission): void {
    const image = this.requireImage(region, imageId);
    if (!image.launchPermissions.some((p) => samePermission(p, permission))) image.launchPermissions.push({ ...permission });
  }

  removeLaunchPermission(region: string, imageId: string, permission: EmuLaunchPermission): void {
    const image = this.requireImage(region, imageId);
    image.launchPermissions = image.launchPermissions.filter((p) => !samePermission(p, permission));
  }

  /** Visits a region's images after the given sequence number (0 = from the start). */
  scanImages(region: string, afterSeq: number, visit: (image: EmuImage, seq: number) => boolean): void {
    this.data.get(region)?.images.scan(afterSeq, visit);
  }

  imageSeq(region: string, imageId: string): number | undefined {
    return this.data.get(region)?.images.seqOf(imageId);
  }

  // ---- snapshots ----

  snapshots(region: string): EmuSnapshot[] {
    return this.data.get(region)?.snapshots.values() ?? [];
  }

  getSnapshot(region: string, snapshotId: string): EmuSnapshot | undefined {
    return this.data.get(region)?.snapshots.get(snapshotId);
  }

  addSnapshot(snapshot: EmuSnapshot): void {
    this.accounts.add(snapshot.ownerId);
    this.regionData(snapshot.region).snapshots.set(snapshot.snapshotId, snapshot);
  }

  addCreateVolumePermission(region: string, snapshotId: string, permission: EmuLaunchPermission): void {
    const snapshot = this.requireSnapshot(region, snapshotId);
    if (!snapshot.createVolumePermissions.some((p) => samePermission(p, permission))) snapshot.createVolumePermissions.push({ ...permission });
  }

  removeCreateVolumePermission(region: string, snapshotId: string, permission: EmuLaunchPermission): void {
    const snapshot = this.requireSnapshot(region, snapshotId);
    snapshot.createVolumePermissions = snapshot.createVolumePermissions.filter((p) => !samePermission(p, permission));
  }

  removeSnapshot(region: string, snapshotId: string): boolean {
    return this.data.get(region)?.snapshots.delete(snapshotId) ?? false;
  }

  scanSnapshots(region: string, afterSeq: number, visit: (snapshot: EmuSnapshot, seq: number) => boolean): void {
    this.data.get(region)?.snapshots.scan(afterSeq, visit);
  }

  // ---- tags (images and snapshots share the tag operations) ----

  /** The tag list of an image or snapshot in the region, or undefined when no such resource. */
  tagsOf(region: string, resourceId: string): { ownerId: string; tags: EmuTag[] } | undefined {
    const image = this.getImage(region, resourceId);
    if (image) return image;
    return this.getSnapshot(region, resourceId);
  }

  setTag(region: string, resourceId: string, key: string, value: string): void {
    const res = this.tagsOf(region, resourceId);
    if (!res) throw new Error(`no resource ${resourceId} in ${region}`);
    const existing = res.tags.find((t) => t.key === key);
    if (existing) existing.value = value;
    else res.tags.push({ key, value });
  }

  private requireImage(region: string, imageId: string): EmuImage {
    const image = this.getImage(region, imageId);
    if (!image) throw new Error(`no image ${imageId} in ${region}`);
    return image;
  }

  private requireSnapshot(region: string, snapshotId: string): EmuSnapshot {
    const snapshot = this.getSnapshot(region, snapshotId);
    if (!snapshot) throw new Error(`no snapshot ${snapshotId} in ${region}`);
    return snapshot;
  }

  private regionData(region: string): RegionData {
    let d = this.data.get(region);
    if (!d) {
      this.addRegion({ regionName: region, optInStatus: 'opt-in-not-required' });
      d = this.data.get(region) as RegionData;
    }
    return d;
  }
}

function samePermission(a: EmuLaunchPermission, b: EmuLaunchPermission): boolean {
  return a.userId === b.userId && a.group === b.group && a.organizationArn === b.organizationArn && a.organizationalUnitArn === b.organizationalUnitArn;
}
