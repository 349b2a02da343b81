/**
 * The emulator's state: regions, and per region the images and snapshots. Tests reach it through
 * `emulator.store` to add, change or remove records between calls.
 *
 * Images keep a per-region sequence number in insertion order; NextToken carries the last
 * sequence number served, so each page resumes with a binary search instead of rescanning
 * (paging 100k images stays linear overall).
 */
import { ReferenceStore } from './references';
// catalog (issue #11): SSM parameters
import { SsmParameterStore, type EmuParameter } from './ssmStore';
import type {
  EmuBinned,
  EmuImage,
  EmuImageUsage,
  EmuRetentionRule,
  EmuUsageReport,
  EmuImageBlockPublicAccess,
  EmuAllowedImagesSettings, // hygiene (#11)
  EmuInstance,
  EmuKeyPair,
  EmuLaunchPermission,
  EmuRegion,
  EmuSecurityGroup,
  EmuSnapshot,
  EmuSubnet,
  EmuTag,
  EmuVpc,
} from './types';

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
  /** Availability zones, in order (the last one lacks a few instance types: instanceTypes.ts). */
  zones: string[] = [];
  readonly vpcs = new OrderedMap<EmuVpc>();
  readonly subnets = new OrderedMap<EmuSubnet>();
  readonly securityGroups = new OrderedMap<EmuSecurityGroup>();
  readonly keyPairs = new OrderedMap<EmuKeyPair>();
  readonly instances = new OrderedMap<EmuInstance>();
}

/** How long launched and terminated instances stay in their transitional states. */
export interface InstanceTiming {
  /** pending → running (default 1000 ms). */
  pendingMs: number;
  /** shutting-down → terminated (default 1000 ms). */
  shuttingDownMs: number;
}

/** What a RunInstances with a ClientToken launched, and a digest of its parameters. */
export interface ClientTokenRecord {
  fingerprint: string;
  reservationId: string;
}

// creation (issue #10): CopyImage / CreateImage / RegisterImage
/** How long new images (copies, creations, registrations) and their snapshots stay pending. */
export interface ImageTiming {
  /** pending → available (snapshots: pending → completed); default 1000 ms. */
  pendingMs: number;
}

/** What a CopyImage with a ClientToken made, and a digest of its parameters. */
export interface ImageTokenRecord {
  fingerprint: string;
  imageId: string;
}

/** EC2's instance state codes. */
export const INSTANCE_STATE_CODES: Record<string, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };

export class EmulatorStore {
  private readonly regionList: EmuRegion[] = [];
  private readonly data = new Map<string, RegionData>();
  /** Accounts that exist: those named in accounts.ts, any owner of a record, and those tests add. */
  private readonly accounts = new Set<string>();
  /** `${account}/${region}` → block public access for AMIs; absent = unblocked, managed by the account. */
  private readonly blockPublicAccess = new Map<string, EmuImageBlockPublicAccess>();
  /** `${account}/${region}/${token}` → the reservation a RunInstances with that ClientToken made. */
  private readonly clientTokens = new Map<string, ClientTokenRecord>();
  /** `${account}/${productCode}`: AWS Marketplace products the account has subscribed to. */
  private readonly subscriptions = new Set<string>();
  private idCounter = 0;
  /** Launch templates, SSM parameters and Image Builder recipes that refer to images (references.ts). */
  readonly references = new ReferenceStore();
  // catalog (issue #11)
  /** SSM parameters per region (AWS's public ones, seeded by ssmSeed.ts): `store.ssm.get(region, name)`. */
  readonly ssm = new SsmParameterStore();
  /** Transitional states' durations; tests set 0 (immediate) or more. */
  instanceTiming: InstanceTiming = { pendingMs: 1000, shuttingDownMs: 1000 };
  // creation (issue #10): new images' pending time, what is pending, CopyImage's client tokens
  /** How long new images stay pending; tests set 0 (available at the next call) or more. */
  imageTiming: ImageTiming = { pendingMs: 1000 };
  /** `${region}/${id}` of images and snapshots a creation made, → when they leave pending. */
  private readonly pendingUntil = new Map<string, { region: string; id: string; kind: 'image' | 'snapshot'; at: number }>();
  /** `${account}/${region}/${token}` → the image a CopyImage with that ClientToken made. */
  private readonly imageTokens = new Map<string, ImageTokenRecord>();

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

  // ---- hygiene (#11): Allowed AMIs settings ----

  /** `${account}/${region}` → Allowed AMIs settings; absent = disabled, no criteria, managed by the account. */
  private readonly allowedImages = new Map<string, EmuAllowedImagesSettings>();

  getAllowedImagesSettings(account: string, region: string): EmuAllowedImagesSettings {
    const s = this.allowedImages.get(`${account}/${region}`) ?? { state: 'disabled', imageCriteria: [], managedBy: 'account' };
    return { ...s, imageCriteria: s.imageCriteria.map((c) => ({ ...c })) };
  }

  /** The seed and tests set them here (there is no Enable/Replace operation in the emulator yet). */
  setAllowedImagesSettings(account: string, region: string, value: Partial<EmuAllowedImagesSettings>): void {
    this.allowedImages.set(`${account}/${region}`, { ...this.getAllowedImagesSettings(account, region), ...value });
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

  // ---- lifecycle: deregistration, the lifecycle clock (#10) ----

  /**
   * The one place an image leaves the store because its owner deregistered it (DeregisterImage,
   * test/emulator/operations/deregisterImage.ts). The Recycle Bin hooks "a deregistered image goes
   * to the bin" here: set `onDeregister` (or wrap this method) to keep the record before it goes.
   * Returns the removed image, or undefined when there was none.
   */
  deregisterImage(region: string, imageId: string, now = Date.now()): EmuImage | undefined {
    const image = this.getImage(region, imageId);
    if (!image) return undefined;
    this.onDeregister?.(image);
    // Removes it; with a retention rule of the owner's in the region it waits in the Recycle Bin.
    this.recycleImage(region, imageId, now);
    return image;
  }

  /** Called with the image just before deregisterImage removes it (the Recycle Bin's hook). */
  onDeregister: ((image: EmuImage) => void) | undefined;

  /**
   * Milliseconds added to the real clock for lifecycle rules (the 24-hour cooldown of
   * deregistration protection, deprecation times). Unlike faults.setClockOffset it leaves request
   * signing alone, so tests can jump a day ahead without signatures going stale.
   */
  lifecycleClockShiftMs = 0;

  /** The clock lifecycle rules are judged by: `now` (the request's time) moved by lifecycleClockShiftMs. */
  lifecycleNow(now = Date.now()): number {
    return now + this.lifecycleClockShiftMs;
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

  // ---- catalog (issue #11): SSM parameters, also for in-editor tests (the runners' control server calls store methods) ----

  /** The SSM parameter of a region (a copy), e.g. the image id a quick-start name points at. */
  ssmParameter(region: string, name: string): EmuParameter | undefined {
    return this.ssm.get(region, name);
  }

  /** Every SSM parameter of a region, by name. */
  ssmParameters(region: string): EmuParameter[] {
    return this.ssm.list(region);
  }

  /** Adds or replaces an SSM parameter (a test points a name elsewhere). */
  putSsmParameter(region: string, parameter: EmuParameter): void {
    this.ssm.put(region, parameter);
  }

  /** Removes an SSM parameter (a test makes a name "not published in this region"). */
  deleteSsmParameter(region: string, name: string): boolean {
    return this.ssm.delete(region, name);
  }

  // ---- launching: zones, network, key pairs, instances ----

  /** A new id with EC2's shape (`i-`, `r-`, `key-`, `vol-` … and 17 hex digits), unique in this store. */
  newId(prefix: string): string {
    this.idCounter++;
    const n = (this.idCounter * 0x9e3779b1) >>> 0;
    return `${prefix}-${n.toString(16).padStart(8, '0')}${this.idCounter.toString(16).padStart(9, '0')}`;
  }

  /** Sets how long instances stay pending / shutting-down (also reachable through the runners' control server). */
  setInstanceTiming(timing: Partial<InstanceTiming>): void {
    this.instanceTiming = { ...this.instanceTiming, ...timing };
  }

  zones(region: string): string[] {
    return [...(this.data.get(region)?.zones ?? [])];
  }

  setZones(region: string, zones: string[]): void {
    this.regionData(region).zones = [...zones];
  }

  vpcs(region: string): EmuVpc[] {
    return this.data.get(region)?.vpcs.values() ?? [];
  }

  getVpc(region: string, vpcId: string): EmuVpc | undefined {
    return this.data.get(region)?.vpcs.get(vpcId);
  }

  addVpc(vpc: EmuVpc): void {
    this.regionData(vpc.region).vpcs.set(vpc.vpcId, vpc);
  }

  subnets(region: string): EmuSubnet[] {
    return this.data.get(region)?.subnets.values() ?? [];
  }

  getSubnet(region: string, subnetId: string): EmuSubnet | undefined {
    return this.data.get(region)?.subnets.get(subnetId);
  }

  addSubnet(subnet: EmuSubnet): void {
    this.regionData(subnet.region).subnets.set(subnet.subnetId, subnet);
  }

  securityGroups(region: string): EmuSecurityGroup[] {
    return this.data.get(region)?.securityGroups.values() ?? [];
  }

  getSecurityGroup(region: string, groupId: string): EmuSecurityGroup | undefined {
    return this.data.get(region)?.securityGroups.get(groupId);
  }

  addSecurityGroup(group: EmuSecurityGroup): void {
    this.regionData(group.region).securityGroups.set(group.groupId, group);
  }

  /** An account's key pairs in a region. */
  keyPairs(region: string, account: string): EmuKeyPair[] {
    return (this.data.get(region)?.keyPairs.values() ?? []).filter((k) => k.ownerId === account);
  }

  getKeyPair(region: string, account: string, keyName: string): EmuKeyPair | undefined {
    return this.keyPairs(region, account).find((k) => k.keyName === keyName);
  }

  addKeyPair(keyPair: EmuKeyPair): void {
    this.regionData(keyPair.region).keyPairs.set(keyPair.keyPairId, keyPair);
  }

  /** Deletes a key pair by name, as DeleteKeyPair would; false when the account has none of that name. */
  removeKeyPair(region: string, account: string, keyName: string): boolean {
    const pair = this.getKeyPair(region, account, keyName);
    return pair !== undefined && (this.data.get(region)?.keyPairs.delete(pair.keyPairId) ?? false);
  }

  instances(region: string): EmuInstance[] {
    return this.data.get(region)?.instances.values() ?? [];
  }

  getInstance(region: string, instanceId: string): EmuInstance | undefined {
    return this.data.get(region)?.instances.get(instanceId);
  }

  addInstance(instance: EmuInstance): void {
    this.regionData(instance.region).instances.set(instance.instanceId, instance);
  }

  scanInstances(region: string, afterSeq: number, visit: (instance: EmuInstance, seq: number) => boolean): void {
    this.data.get(region)?.instances.scan(afterSeq, visit);
  }

  /** The reservations of a region's instances (ids, launch order). */
  reservationIds(region: string, account?: string): string[] {
    const ids = new Set<string>();
    for (const i of this.instances(region)) if (account === undefined || i.ownerId === account) ids.add(i.reservationId);
    return [...ids];
  }

  /** State at `now`: pending until runningAt, then running; shutting-down, then terminated. */
  instanceState(instance: EmuInstance, now = Date.now()): string {
    if (instance.terminatedAt !== undefined) return now >= instance.terminatedAt ? 'terminated' : 'shutting-down';
    return now >= instance.runningAt ? 'running' : 'pending';
  }

  getClientToken(account: string, region: string, token: string): ClientTokenRecord | undefined {
    return this.clientTokens.get(`${account}/${region}/${token}`);
  }

  setClientToken(account: string, region: string, token: string, record: ClientTokenRecord): void {
    this.clientTokens.set(`${account}/${region}/${token}`, record);
  }

  // ---- creation (issue #10) ----

  /** Sets how long new images stay pending (also reachable through the runners' control server). */
  setImageTiming(timing: Partial<ImageTiming>): void {
    this.imageTiming = { ...this.imageTiming, ...timing };
  }

  /** Marks a new image or snapshot as pending until `at` (ms since the epoch). */
  markPending(kind: 'image' | 'snapshot', region: string, id: string, at: number): void {
    this.pendingUntil.set(`${region}/${id}`, { region, id, kind, at });
  }

  /**
   * Moves what a creation made out of pending once its time has come: images to `available`,
   * snapshots to `completed` (100%). The server calls it before every operation; tests may too.
   */
  settlePending(now = Date.now()): void {
    for (const [key, entry] of this.pendingUntil) {
      if (entry.at > now) continue;
      this.pendingUntil.delete(key);
      if (entry.kind === 'image') {
        const image = this.getImage(entry.region, entry.id);
        if (image && image.state === 'pending') image.state = 'available';
      } else {
        const snapshot = this.getSnapshot(entry.region, entry.id);
        if (snapshot && snapshot.state === 'pending') {
          snapshot.state = 'completed';
          snapshot.progress = '100%';
          snapshot.completionTime = new Date(entry.at).toISOString();
        }
      }
    }
  }

  getImageToken(account: string, region: string, token: string): ImageTokenRecord | undefined {
    return this.imageTokens.get(`${account}/${region}/${token}`);
  }

  setImageToken(account: string, region: string, token: string, record: ImageTokenRecord): void {
    this.imageTokens.set(`${account}/${region}/${token}`, record);
  }

  /** Marks an AWS Marketplace product as subscribed by the account (RunInstances then launches its images). */
  subscribeToProduct(account: string, productCode: string): void {
    this.subscriptions.add(`${account}/${productCode}`);
  }

  isSubscribed(account: string, productCode: string): boolean {
    return this.subscriptions.has(`${account}/${productCode}`);
  }

  // ---- recycle bin (wt/bin) ----
  // Deleted images and snapshots go to the bin when their owner has a retention rule in the
  // region; they stay listed until their exit time (judged by the clock at each call), then are gone.

  /** `${account}/${region}` → the retention rule; absent = no rule (deleted resources are gone at once). */
  private readonly retentionRules = new Map<string, EmuRetentionRule>();
  /** region → images in the bin (every account's; callers see their own). */
  private readonly binImages = new Map<string, OrderedMap<EmuBinned<EmuImage>>>();
  /** region → snapshots in the bin. */
  private readonly binSnapshots = new Map<string, OrderedMap<EmuBinned<EmuSnapshot>>>();

  /** Sets (or with undefined removes) an account's retention rule in a region. */
  setRetentionRule(account: string, region: string, rule: EmuRetentionRule | undefined): void {
    if (rule) this.retentionRules.set(`${account}/${region}`, { ...rule });
    else this.retentionRules.delete(`${account}/${region}`);
  }

  getRetentionRule(account: string, region: string): EmuRetentionRule | undefined {
    return this.retentionRules.get(`${account}/${region}`);
  }

  /** The deregistration path: removes the image and keeps it in the bin when its owner has a rule. True when it was kept. */
  recycleImage(region: string, imageId: string, now = Date.now()): boolean {
    const image = this.getImage(region, imageId);
    if (!image) return false;
    this.removeImage(region, imageId);
    const rule = this.getRetentionRule(image.ownerId, region);
    if (!rule) return false;
    this.putImageInBin(image, now, now + rule.days * 86_400_000);
    return true;
  }

  /** The snapshot-deletion path: as recycleImage, for a snapshot. */
  recycleSnapshot(region: string, snapshotId: string, now = Date.now()): boolean {
    const snapshot = this.getSnapshot(region, snapshotId);
    if (!snapshot) return false;
    this.removeSnapshot(region, snapshotId);
    const rule = this.getRetentionRule(snapshot.ownerId, region);
    if (!rule) return false;
    this.putSnapshotInBin(snapshot, now, now + rule.days * 86_400_000);
    return true;
  }

  /** Seeds and tests: puts an image (not in the store) straight into the bin. */
  putImageInBin(image: EmuImage, enterTime: number, exitTime: number): void {
    this.accounts.add(image.ownerId);
    binOf(this.binImages, image.region).set(image.imageId, { item: image, ownerId: image.ownerId, enterTime, exitTime });
  }

  putSnapshotInBin(snapshot: EmuSnapshot, enterTime: number, exitTime: number): void {
    this.accounts.add(snapshot.ownerId);
    binOf(this.binSnapshots, snapshot.region).set(snapshot.snapshotId, { item: snapshot, ownerId: snapshot.ownerId, enterTime, exitTime });
  }

  /** An image in the bin, unless its retention has passed (then it is purged). */
  getBinnedImage(region: string, imageId: string, now = Date.now()): EmuBinned<EmuImage> | undefined {
    return liveEntry(this.binImages.get(region), imageId, now);
  }

  getBinnedSnapshot(region: string, snapshotId: string, now = Date.now()): EmuBinned<EmuSnapshot> | undefined {
    return liveEntry(this.binSnapshots.get(region), snapshotId, now);
  }

  scanBinnedImages(region: string, afterSeq: number, visit: (entry: EmuBinned<EmuImage>, seq: number) => boolean): void {
    this.binImages.get(region)?.scan(afterSeq, visit);
  }

  scanBinnedSnapshots(region: string, afterSeq: number, visit: (entry: EmuBinned<EmuSnapshot>, seq: number) => boolean): void {
    this.binSnapshots.get(region)?.scan(afterSeq, visit);
  }

  /** Takes an image out of the bin back into the store, `available`. False when it is not (or no longer) there. */
  restoreImage(region: string, imageId: string, now = Date.now()): boolean {
    const entry = this.getBinnedImage(region, imageId, now);
    if (!entry) return false;
    this.binImages.get(region)?.delete(imageId);
    this.addImage({ ...entry.item, state: 'available' });
    return true;
  }

  restoreSnapshot(region: string, snapshotId: string, now = Date.now()): boolean {
    const entry = this.getBinnedSnapshot(region, snapshotId, now);
    if (!entry) return false;
    this.binSnapshots.get(region)?.delete(snapshotId);
    this.addSnapshot({ ...entry.item, state: 'completed' });
    return true;
  }

  // ---- image usage reports (wt/bin) ----

  /** `${region}/${imageId}` → other accounts' use of an image (seeded; live instances are added by the report). */
  private readonly imageUsage = new Map<string, EmuImageUsage[]>();
  /** region → reports, in creation order. */
  private readonly usageReports = new Map<string, OrderedMap<EmuUsageReport>>();
  /** How long a new report stays `pending` (ms); tests set 0 or more. */
  usageReportDelayMs = 2000;

  /** Sets how long new usage reports stay pending (also reachable through the runners' control server). */
  setUsageReportDelay(ms: number): void {
    this.usageReportDelayMs = ms;
  }

  setImageUsage(region: string, imageId: string, usage: EmuImageUsage[]): void {
    this.imageUsage.set(`${region}/${imageId}`, usage.map((u) => ({ ...u })));
  }

  getImageUsage(region: string, imageId: string): EmuImageUsage[] {
    return (this.imageUsage.get(`${region}/${imageId}`) ?? []).map((u) => ({ ...u }));
  }

  addUsageReport(report: EmuUsageReport): void {
    binOf(this.usageReports, report.region).set(report.reportId, report);
  }

  getUsageReport(region: string, reportId: string): EmuUsageReport | undefined {
    return this.usageReports.get(region)?.get(reportId);
  }

  scanUsageReports(region: string, afterSeq: number, visit: (report: EmuUsageReport, seq: number) => boolean): void {
    this.usageReports.get(region)?.scan(afterSeq, visit);
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

function binOf<T>(bins: Map<string, OrderedMap<T>>, region: string): OrderedMap<T> {
  let bin = bins.get(region);
  if (!bin) {
    bin = new OrderedMap<T>();
    bins.set(region, bin);
  }
  return bin;
}

function liveEntry<T>(bin: OrderedMap<EmuBinned<T>> | undefined, id: string, now: number): EmuBinned<T> | undefined {
  const entry = bin?.get(id);
  if (!entry) return undefined;
  if (entry.exitTime <= now) {
    bin?.delete(id);
    return undefined;
  }
  return entry;
}
