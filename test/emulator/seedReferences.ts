/**
 * Seeded references (DescribeImageReferences), per seeded region, for the default account: the
 * second-newest available image it owns (REFERENCED) is used by a running instance named
 * `web-server-1`, by version 1 of the launch template `web-template` (version 2 names the newest
 * image), by the SSM parameter `/golden/web/previous` and by the image recipe `web-recipe/1.0.0`;
 * the newest image is named by `/golden/web/latest` too. Every other image is referenced by nothing.
 * Its own generator, so the images, network and ids of the rest of the seed stay what they were.
 */
import { DEFAULT_ACCOUNT } from './accounts';
import { Prng } from './prng';
import type { EmulatorStore } from './store';
import type { EmuImage, EmuInstance } from './types';

/** The default account's available images in a region, newest first (what the seed picks from). */
export function ownedAvailableImages(store: EmulatorStore, region: string): EmuImage[] {
  return store
    .images(region)
    .filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && !i.deprecationTime && i.platform !== 'windows')
    .sort((a, b) => b.creationDate.localeCompare(a.creationDate) || a.imageId.localeCompare(b.imageId));
}

/** The seeded references of a region: which image is referenced by what (undefined when the region has fewer than two owned images). */
export interface SeededReferences {
  readonly referencedImageId: string;
  readonly newestImageId: string;
  readonly instanceId: string;
  readonly launchTemplateId: string;
}

export function seedReferences(store: EmulatorStore, regions: readonly string[], seed: number): Map<string, SeededReferences> {
  const out = new Map<string, SeededReferences>();
  for (const region of regions) {
    const [newest, referenced] = ownedAvailableImages(store, region);
    if (!newest || !referenced) continue;
    const r = new Prng(seed).fork(`references:${region}`);
    const subnet = store.subnets(region).find((s) => s.ownerId === DEFAULT_ACCOUNT && s.defaultForAz);
    const group = store.securityGroups(region).find((g) => g.ownerId === DEFAULT_ACCOUNT && g.groupName === 'default');
    if (!subnet || !group) continue;
    const instanceId = `i-${r.hex(17)}`;
    // A host number far above those RunInstances hands out (4, 5, …), so the subnet's counts stay as seeded.
    const host = 4000;
    const instance: EmuInstance = {
      instanceId,
      reservationId: `r-${r.hex(17)}`,
      ownerId: DEFAULT_ACCOUNT,
      region,
      imageId: referenced.imageId,
      instanceType: referenced.architecture === 'arm64' ? 't4g.micro' : 't3.micro',
      amiLaunchIndex: 0,
      subnetId: subnet.subnetId,
      vpcId: subnet.vpcId,
      availabilityZone: subnet.availabilityZone,
      privateIpAddress: `172.31.${Number(subnet.cidrBlock.split('.')[2] ?? 0) + Math.floor(host / 256)}.${host % 256}`,
      groups: [{ groupId: group.groupId, groupName: group.groupName }],
      architecture: referenced.architecture,
      rootDeviceName: referenced.rootDeviceName,
      virtualizationType: referenced.virtualizationType,
      ...(referenced.bootMode ? { bootMode: referenced.bootMode } : {}),
      platformDetails: referenced.platformDetails,
      enaSupport: referenced.enaSupport === true,
      volumes: referenced.blockDeviceMappings
        .filter((m) => m.ebs)
        .map((m) => ({
          deviceName: m.deviceName,
          volumeId: `vol-${r.hex(17)}`,
          volumeSize: m.ebs?.volumeSize ?? 8,
          volumeType: m.ebs?.volumeType ?? 'gp3',
          deleteOnTermination: m.ebs?.deleteOnTermination ?? true,
          encrypted: m.ebs?.encrypted ?? false,
          tags: [],
        })),
      tags: [{ key: 'Name', value: 'web-server-1' }],
      metadataHttpTokens: 'required',
      metadataHopLimit: 2,
      metadataHttpEndpoint: 'enabled',
      launchTime: referenced.creationDate,
      runningAt: 0,
    };
    store.addInstance(instance);
    const launchTemplateId = `lt-${r.hex(17)}`;
    store.references.addLaunchTemplate({
      launchTemplateId,
      launchTemplateName: 'web-template',
      ownerId: DEFAULT_ACCOUNT,
      region,
      versions: [
        { versionNumber: 1, imageId: referenced.imageId },
        { versionNumber: 2, imageId: newest.imageId },
      ],
    });
    store.references.addSsmParameter({ name: '/golden/web/previous', ownerId: DEFAULT_ACCOUNT, region, value: referenced.imageId });
    store.references.addSsmParameter({ name: '/golden/web/latest', ownerId: DEFAULT_ACCOUNT, region, value: newest.imageId });
    store.references.addImageRecipe({ kind: 'image', name: 'web-recipe', version: '1.0.0', ownerId: DEFAULT_ACCOUNT, region, parentImage: referenced.imageId });
    out.set(region, { referencedImageId: referenced.imageId, newestImageId: newest.imageId, instanceId, launchTemplateId });
  }
  return out;
}
