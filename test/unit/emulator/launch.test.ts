/**
 * The launch operations (issue #9) through the real SDK: the instance type catalogue and its zone
 * offerings, key pairs, the seeded default network, RunInstances with its validation, dry run and
 * ClientToken idempotency, DescribeInstances (pending → running) and TerminateInstances.
 */
import * as assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import {
  CreateKeyPairCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  paginateDescribeInstances,
  paginateDescribeInstanceTypeOfferings,
  paginateDescribeInstanceTypes,
  paginateDescribeSubnets,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type InstanceTypeInfo,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, INSTANCE_TYPES, NOT_IN_LAST_ZONE, OTHER_ACCOUNT, SEED_KEY_NAME, startEmulator, type Emulator, type EmuImage } from '../../emulator/index';
import { addShareableImage, client, errorOf, OTHER_ACCESS_KEY } from './helpers';

const REGION = 'us-east-1';

/** Polls an asynchronous condition until it holds (or fails naming `what`). */
async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('emulator: launching', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let ec2: EC2Client;

  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 5, seed: 11 });
    ec2 = client(emu.url, { region: REGION });
  });
  after(async () => {
    ec2.destroy();
    await emu.close();
  });
  afterEach(() => {
    emu.faults.reset();
    emu.store.instanceTiming = { pendingMs: 1000, shuttingDownMs: 1000 };
  });

  /** An image of DEFAULT_ACCOUNT with the given launch properties. */
  function image(props: Partial<EmuImage> = {}, productCodes?: string[]): EmuImage {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, ...(productCodes ? { productCodes } : {}) });
    return emu.store.modifyImage(REGION, imageId, { enaSupport: true, bootMode: 'uefi-preferred', ...props });
  }
  const network = (account = DEFAULT_ACCOUNT) => {
    const vpc = emu.store.vpcs(REGION).find((v) => v.ownerId === account && v.isDefault);
    assert.ok(vpc);
    const subnets = emu.store.subnets(REGION).filter((s) => s.vpcId === vpc.vpcId);
    const groups = emu.store.securityGroups(REGION).filter((g) => g.vpcId === vpc.vpcId);
    return { vpc, subnets, groups, ssh: groups.find((g) => g.groupName === 'ssh')!, defaultGroup: groups.find((g) => g.groupName === 'default')! };
  };
  const run = (input: Partial<RunInstancesCommandInput>) => ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', ...input } as RunInstancesCommandInput));
  const reservationsOf = (imageId: string) => new Set(emu.store.instances(REGION).filter((i) => i.imageId === imageId).map((i) => i.reservationId));

  describe('DescribeInstanceTypes', () => {
    it('pages the whole catalogue with the SDK paginator (MaxResults 5), each type once', async () => {
      const types: InstanceTypeInfo[] = [];
      let pages = 0;
      for await (const page of paginateDescribeInstanceTypes({ client: ec2, pageSize: 5 }, {})) {
        pages++;
        assert.ok((page.InstanceTypes ?? []).length <= 5);
        types.push(...(page.InstanceTypes ?? []));
      }
      assert.equal(types.length, INSTANCE_TYPES.length);
      assert.ok(INSTANCE_TYPES.length >= 25 && INSTANCE_TYPES.length <= 40);
      assert.equal(pages, Math.ceil(INSTANCE_TYPES.length / 5));
      assert.equal(new Set(types.map((t) => t.InstanceType)).size, types.length);
    });

    it('describes architectures, boot modes, virtualization, ENA, vCPUs, memory, generation and free tier as AWS does', async () => {
      const out = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t2.micro', 't3.micro', 't4g.micro', 'm7g.large', 't1.micro', 'mac1.metal', 'm5.large'] }));
      const by = new Map<string | undefined, InstanceTypeInfo>((out.InstanceTypes ?? []).map((t) => [t.InstanceType, t]));
      assert.equal(by.size, 7);
      assert.deepEqual(by.get('t2.micro')?.ProcessorInfo?.SupportedArchitectures, ['i386', 'x86_64']);
      assert.deepEqual(by.get('t2.micro')?.SupportedBootModes, ['legacy-bios']);
      assert.equal(by.get('t2.micro')?.NetworkInfo?.EnaSupport, 'unsupported');
      assert.equal(by.get('m4.large'), undefined);
      assert.deepEqual(by.get('m5.large')?.SupportedBootModes, ['legacy-bios', 'uefi']);
      assert.equal(by.get('m5.large')?.NetworkInfo?.EnaSupport, 'required');
      assert.deepEqual(by.get('m7g.large')?.ProcessorInfo?.SupportedArchitectures, ['arm64']);
      assert.deepEqual(by.get('m7g.large')?.SupportedBootModes, ['uefi']);
      assert.deepEqual(by.get('t1.micro')?.SupportedVirtualizationTypes, ['paravirtual']);
      assert.equal(by.get('t1.micro')?.CurrentGeneration, false);
      assert.deepEqual(by.get('mac1.metal')?.ProcessorInfo?.SupportedArchitectures, ['x86_64_mac']);
      assert.equal(by.get('t3.micro')?.VCpuInfo?.DefaultVCpus, 2);
      assert.equal(by.get('t3.micro')?.MemoryInfo?.SizeInMiB, 1024);
      for (const name of ['t2.micro', 't3.micro', 't4g.micro']) assert.equal(by.get(name)?.FreeTierEligible, true, name);
      assert.equal(by.get('m5.large')?.FreeTierEligible, false);
      const all = INSTANCE_TYPES;
      assert.ok(all.filter((t) => t.architectures.includes('arm64')).every((t) => t.bootModes.join() === 'uefi'));
      assert.deepEqual(new Set(all.map((t) => t.enaSupport)), new Set(['unsupported', 'supported', 'required']));
    });

    it('refuses an unknown type with InvalidInstanceType', async () => {
      const e = await errorOf(ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro', 'x9.huge' as never] })));
      assert.equal(e.name, 'InvalidInstanceType');
      assert.match(e.message, /x9\.huge/);
    });
  });

  describe('DescribeInstanceTypeOfferings', () => {
    it('per zone, pages; the last zone lacks a few types', async () => {
      const zones = emu.store.zones(REGION);
      assert.ok(zones.length >= 2 && zones.length <= 3);
      const offered = async (zone: string): Promise<string[]> => {
        const names: string[] = [];
        for await (const page of paginateDescribeInstanceTypeOfferings(
          { client: ec2, pageSize: 7 },
          { LocationType: 'availability-zone', Filters: [{ Name: 'location', Values: [zone] }] },
        )) {
          for (const o of page.InstanceTypeOfferings ?? []) {
            assert.equal(o.Location, zone);
            assert.equal(o.LocationType, 'availability-zone');
            names.push(o.InstanceType as string);
          }
        }
        return names;
      };
      const first = await offered(zones[0] as string);
      const last = await offered(zones[zones.length - 1] as string);
      assert.equal(first.length, INSTANCE_TYPES.length);
      assert.equal(last.length, INSTANCE_TYPES.length - NOT_IN_LAST_ZONE.length);
      for (const t of NOT_IN_LAST_ZONE) assert.ok(!last.includes(t) && first.includes(t), t);
    });
  });

  describe('key pairs', () => {
    it('lists the seeded key pair; KeyName.N of a missing one is InvalidKeyPair.NotFound', async () => {
      const out = await ec2.send(new DescribeKeyPairsCommand({}));
      assert.deepEqual(out.KeyPairs?.map((k) => k.KeyName), [SEED_KEY_NAME]);
      assert.match(out.KeyPairs?.[0]?.KeyPairId ?? '', /^key-[0-9a-f]{17}$/);
      const e = await errorOf(ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['nope'] })));
      assert.equal(e.name, 'InvalidKeyPair.NotFound');
      assert.equal(e.message, "The key pair 'nope' does not exist");
    });

    it('creates ED25519 (OpenSSH) and RSA (PKCS#1 PEM) keys that parse, lists them, refuses a duplicate', async () => {
      const ed = await ec2.send(new CreateKeyPairCommand({ KeyName: 'ed-key', KeyType: 'ed25519', KeyFormat: 'pem' }));
      assert.match(ed.KeyMaterial ?? '', /^-----BEGIN OPENSSH PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END OPENSSH PRIVATE KEY-----$/);
      const body = Buffer.from((ed.KeyMaterial ?? '').split('\n').slice(1, -1).join(''), 'base64');
      assert.equal(body.subarray(0, 15).toString('latin1'), 'openssh-key-v1\0');
      const rsa = await ec2.send(new CreateKeyPairCommand({ KeyName: 'rsa-key', KeyType: 'rsa' }));
      assert.match(rsa.KeyMaterial ?? '', /^-----BEGIN RSA PRIVATE KEY-----/);
      assert.equal(createPrivateKey(rsa.KeyMaterial as string).asymmetricKeyType, 'rsa');
      assert.match(rsa.KeyFingerprint ?? '', /^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
      const listed = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['ed-key', 'rsa-key'] }));
      assert.deepEqual(listed.KeyPairs?.map((k) => [k.KeyName, k.KeyType]).sort(), [['ed-key', 'ed25519'], ['rsa-key', 'rsa']]);
      const dup = await errorOf(ec2.send(new CreateKeyPairCommand({ KeyName: 'ed-key', KeyType: 'ed25519' })));
      assert.equal(dup.name, 'InvalidKeyPair.Duplicate');
      const other = await client(emu.url, { accessKeyId: OTHER_ACCESS_KEY }).send(new DescribeKeyPairsCommand({}));
      assert.deepEqual(other.KeyPairs?.map((k) => k.KeyName), [SEED_KEY_NAME], 'key pairs belong to their account');
    });

    it('refuses names over 255 characters or beyond ASCII', async () => {
      assert.equal((await errorOf(ec2.send(new CreateKeyPairCommand({ KeyName: 'k'.repeat(256) })))).name, 'InvalidParameterValue');
      assert.equal((await errorOf(ec2.send(new CreateKeyPairCommand({ KeyName: 'clé' })))).name, 'InvalidParameterValue');
      await ec2.send(new CreateKeyPairCommand({ KeyName: 'k'.repeat(255), KeyType: 'ed25519' }));
    });
  });

  describe('the default network', () => {
    it('every region has a default VPC 172.31.0.0/16 with a default subnet per zone, a default and an ssh group', async () => {
      const vpcs = await ec2.send(new DescribeVpcsCommand({}));
      assert.equal(vpcs.Vpcs?.length, 1);
      const vpc = vpcs.Vpcs?.[0];
      assert.equal(vpc?.IsDefault, true);
      assert.equal(vpc?.CidrBlock, '172.31.0.0/16');
      const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc?.VpcId as string] }] }));
      assert.deepEqual(subnets.Subnets?.map((s) => s.AvailabilityZone).sort(), emu.store.zones(REGION));
      for (const s of subnets.Subnets ?? []) {
        assert.equal(s.DefaultForAz, true);
        assert.equal(s.MapPublicIpOnLaunch, true);
        assert.equal(s.AvailableIpAddressCount, 4091);
        assert.match(s.CidrBlock ?? '', /^172\.31\.\d+\.0\/20$/);
        assert.equal(s.Tags?.find((t) => t.Key === 'Name')?.Value, `default-${s.AvailabilityZone}`);
      }
      const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc?.VpcId as string] }] }));
      assert.deepEqual(groups.SecurityGroups?.map((g) => g.GroupName).sort(), ['default', 'ssh']);
      for (const region of emu.store.regions().map((r) => r.regionName)) assert.equal(emu.store.vpcs(region).filter((v) => v.ownerId === DEFAULT_ACCOUNT).length, 1, region);
    });

    it('SubnetId.N and GroupId.N of missing ones are NotFound; subnets page with the paginator', async () => {
      assert.equal((await errorOf(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] })))).name, 'InvalidSubnetID.NotFound');
      assert.equal((await errorOf(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0123456789abcdef0'] })))).name, 'InvalidGroup.NotFound');
      const { vpc, subnets } = network();
      const named = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnets[0]!.subnetId] }));
      assert.deepEqual(named.Subnets?.map((s) => s.SubnetId), [subnets[0]!.subnetId]);
      for (let n = 0; n < 9; n++) {
        emu.store.addSubnet({ ...subnets[0]!, subnetId: `subnet-${(0xabc000 + n).toString(16).padStart(17, '0')}`, defaultForAz: false, cidrBlock: `172.31.${128 + n}.0/24`, tags: [] });
      }
      let pages = 0;
      const ids: string[] = [];
      for await (const page of paginateDescribeSubnets({ client: ec2, pageSize: 5 }, { Filters: [{ Name: 'vpc-id', Values: [vpc.vpcId] }] })) {
        pages++;
        ids.push(...(page.Subnets ?? []).map((s) => s.SubnetId as string));
      }
      assert.equal(ids.length, subnets.length + 9);
      assert.ok(pages >= 3);
    });
  });

  describe('RunInstances', () => {
    it('launches pending instances with addresses from the subnet; they are running after the delay', async () => {
      emu.store.instanceTiming = { pendingMs: 150, shuttingDownMs: 0 };
      const img = image();
      const { subnets, ssh } = network();
      const subnet = subnets[1]!;
      const out = await run({
        ImageId: img.imageId,
        MinCount: 2,
        MaxCount: 2,
        KeyName: SEED_KEY_NAME,
        SubnetId: subnet.subnetId,
        SecurityGroupIds: [ssh.groupId],
        TagSpecifications: [
          { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] },
          { ResourceType: 'volume', Tags: [{ Key: 'team', Value: 'a' }] },
        ],
        MetadataOptions: { HttpTokens: 'required' },
        IamInstanceProfile: { Name: 'web-role' },
      });
      assert.match(out.ReservationId ?? '', /^r-[0-9a-f]{17}$/);
      assert.equal(out.Instances?.length, 2);
      for (const i of out.Instances ?? []) {
        assert.equal(i.State?.Name, 'pending');
        assert.equal(i.State?.Code, 0);
        assert.equal(i.SubnetId, subnet.subnetId);
        assert.equal(i.Placement?.AvailabilityZone, subnet.availabilityZone);
        assert.match(i.PrivateIpAddress ?? '', new RegExp(`^172\\.31\\.${subnet.cidrBlock.split('.')[2]}\\.\\d+$`));
        assert.ok(i.PublicIpAddress, 'the default subnet maps public IPs');
        assert.deepEqual(i.SecurityGroups?.map((g) => g.GroupId), [ssh.groupId]);
        assert.equal(i.KeyName, SEED_KEY_NAME);
        assert.equal(i.MetadataOptions?.HttpTokens, 'required');
        assert.match(i.IamInstanceProfile?.Arn ?? '', /instance-profile\/web-role$/);
        assert.deepEqual(i.Tags, [{ Key: 'Name', Value: 'web' }]);
      }
      assert.notEqual(out.Instances?.[0]?.PrivateIpAddress, out.Instances?.[1]?.PrivateIpAddress);
      const stored = emu.store.getInstance(REGION, out.Instances?.[0]?.InstanceId as string);
      assert.deepEqual(stored?.volumes[0]?.tags, [{ key: 'team', value: 'a' }]);
      const ids = (out.Instances ?? []).map((i) => i.InstanceId as string);
      await eventually(async () => {
        const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
        return (d.Reservations ?? []).flatMap((r) => r.Instances ?? []).every((i) => i.State?.Name === 'running');
      }, 'instances running');
      const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
      assert.equal(d.Reservations?.length, 1);
      assert.equal(d.Reservations?.[0]?.ReservationId, out.ReservationId);
      assert.ok(d.Reservations?.[0]?.Instances?.every((i) => i.PublicDnsName?.endsWith('.amazonaws.com')));
    });

    it('NetworkInterfaces[0] with AssociatePublicIpAddress=false gives no public address; without a subnet the default VPC is used', async () => {
      const img = image();
      const { subnets, defaultGroup } = network();
      const out = await run({ ImageId: img.imageId, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnets[0]!.subnetId, Groups: [defaultGroup.groupId], AssociatePublicIpAddress: false }] });
      assert.equal(out.Instances?.[0]?.PublicIpAddress, undefined);
      assert.equal(out.Instances?.[0]?.SubnetId, subnets[0]!.subnetId);
      const plain = await run({ ImageId: img.imageId });
      assert.ok(subnets.some((s) => s.subnetId === plain.Instances?.[0]?.SubnetId));
      assert.deepEqual(plain.Instances?.[0]?.SecurityGroups?.map((g) => g.GroupName), ['default']);
    });

    it('DryRun answers DryRunOperation (412) when valid and launches nothing; when invalid, the real error', async () => {
      const img = image();
      const before = emu.store.instances(REGION).length;
      const ok = await errorOf(run({ ImageId: img.imageId, DryRun: true }));
      assert.deepEqual([ok.name, ok.status, ok.message], ['DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.']);
      const bad = await errorOf(run({ ImageId: img.imageId, DryRun: true, SubnetId: 'subnet-00000000000000000' }));
      assert.equal(bad.name, 'InvalidSubnetID.NotFound');
      assert.equal(emu.store.instances(REGION).length, before);
    });

    const refusals: [string, () => Partial<RunInstancesCommandInput>, string, RegExp?][] = [
      ['an unknown image', () => ({ ImageId: 'ami-00000000000000000' }), 'InvalidAMIID.NotFound'],
      ['an arm64 type for an x86_64 image', () => ({ ImageId: image().imageId, InstanceType: 't4g.micro' }), 'InvalidParameterValue', /architecture 'arm64' of the specified instance type does not match the architecture 'x86_64'/],
      ['a legacy-BIOS-only type for a UEFI image', () => ({ ImageId: image({ bootMode: 'uefi' }).imageId, InstanceType: 'm4.large' }), 'InvalidParameterValue', /boot mode 'uefi'/],
      ['a Nitro type for a paravirtual image', () => ({ ImageId: image({ virtualizationType: 'paravirtual', bootMode: undefined }).imageId, InstanceType: 'm5.large' }), 'InvalidParameterCombination', /paravirtual/],
      ['an ENA-required type for an image without ENA', () => ({ ImageId: image({ enaSupport: false }).imageId, InstanceType: 'c5.large' }), 'InvalidParameterCombination', /\(ENA\) is required for the 'c5\.large'/],
      ['an unknown subnet', () => ({ ImageId: image().imageId, SubnetId: 'subnet-00000000000000001' }), 'InvalidSubnetID.NotFound'],
      ['an unknown group', () => ({ ImageId: image().imageId, SecurityGroupIds: ['sg-00000000000000001'] }), 'InvalidGroup.NotFound'],
      ['an unknown key pair', () => ({ ImageId: image().imageId, KeyName: 'missing-key' }), 'InvalidKeyPair.NotFound'],
      [
        'a subnet at instance level and in NetworkInterfaces',
        () => ({ ImageId: image().imageId, SubnetId: network().subnets[0]!.subnetId, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: network().subnets[0]!.subnetId }] }),
        'InvalidParameterCombination',
        /instance-level subnet ID/,
      ],
      [
        'groups at instance level and NetworkInterfaces',
        () => ({ ImageId: image().imageId, SecurityGroupIds: [network().ssh.groupId], NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }] }),
        'InvalidParameterCombination',
        /instance-level security groups/,
      ],
      ['a group of another VPC', () => ({ ImageId: image().imageId, SecurityGroupIds: [otherVpcGroup()] }), 'InvalidParameter', /belong to different networks/],
      [
        'a root volume smaller than its snapshot',
        () => ({ ImageId: image().imageId, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 4 } }] }),
        'InvalidBlockDeviceMapping',
        /Volume of size 4GB is smaller than snapshot 'snap-[0-9a-f]+', expect size >= 8GB/,
      ],
      ['user data over 16 KB decoded', () => ({ ImageId: image().imageId, UserData: Buffer.alloc(16385, 'a').toString('base64') }), 'InvalidParameterValue', /User data is limited to 16384 bytes/],
      ['a marketplace image not subscribed', () => ({ ImageId: image({}, ['prodcode123abc']).imageId }), 'OptInRequired', /https:\/\/aws\.amazon\.com\/marketplace\/pp\?sku=prodcode123abc/],
    ];

    /** A security group in a second VPC of the default account. */
    function otherVpcGroup(): string {
      const groupId = 'sg-0ther0000000000001';
      if (!emu.store.getSecurityGroup(REGION, groupId)) {
        emu.store.addVpc({ vpcId: 'vpc-0ther000000000001', ownerId: DEFAULT_ACCOUNT, region: REGION, cidrBlock: '10.0.0.0/16', isDefault: false, tags: [] });
        emu.store.addSecurityGroup({ groupId, groupName: 'elsewhere', description: 'x', vpcId: 'vpc-0ther000000000001', ownerId: DEFAULT_ACCOUNT, region: REGION, tags: [] });
      }
      return groupId;
    }

    for (const [what, input, code, message] of refusals) {
      it(`refuses ${what} with ${code}, also on a dry run, and launches nothing`, async () => {
        const before = emu.store.instances(REGION).length;
        const args = input();
        const dry = await errorOf(run({ ...args, DryRun: true }));
        assert.equal(dry.name, code);
        const real = await errorOf(run(args));
        assert.equal(real.name, code);
        if (message) assert.match(real.message, message);
        assert.equal(emu.store.instances(REGION).length, before);
      });
    }

    it('a volume at least the snapshot size, and an added empty volume, are taken', async () => {
      const img = image();
      const out = await run({ ImageId: img.imageId, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8 } }, { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 20, VolumeType: 'gp3' } }] });
      assert.deepEqual(out.Instances?.[0]?.BlockDeviceMappings?.map((m) => m.DeviceName), ['/dev/xvda', '/dev/sdf']);
      assert.deepEqual(emu.store.getInstance(REGION, out.Instances?.[0]?.InstanceId as string)?.volumes.map((v) => v.volumeSize), [8, 20]);
    });

    it('after subscribing to the product, the marketplace image launches', async () => {
      const img = image({}, ['subscribedcode1']);
      assert.equal((await errorOf(run({ ImageId: img.imageId }))).name, 'OptInRequired');
      emu.store.subscribeToProduct(DEFAULT_ACCOUNT, 'subscribedcode1');
      const out = await run({ ImageId: img.imageId });
      assert.equal(out.Instances?.length, 1);
    });

    it('UEFI-preferred images run on legacy-BIOS types; arm64 images without a boot mode run on Graviton', async () => {
      assert.equal((await run({ ImageId: image({ bootMode: 'uefi-preferred' }).imageId, InstanceType: 'm4.large' })).Instances?.length, 1);
      assert.equal((await run({ ImageId: image({ architecture: 'arm64', bootMode: undefined }).imageId, InstanceType: 't4g.micro' })).Instances?.length, 1);
    });

    it('insufficientCapacity fails the launch of that type with InsufficientInstanceCapacity, not others', async () => {
      emu.faults.insufficientCapacity('t3.micro', 1);
      const img = image();
      const e = await errorOf(run({ ImageId: img.imageId }));
      assert.equal(e.name, 'InsufficientInstanceCapacity');
      assert.match(e.message, /We currently do not have sufficient t3\.micro capacity in the Availability Zone you requested/);
      assert.equal(reservationsOf(img.imageId).size, 0);
      emu.faults.insufficientCapacity('m5.large', 1);
      assert.equal((await run({ ImageId: img.imageId })).Instances?.length, 1, 't3.micro has capacity again; m5.large was not asked');
    });

    it('ClientToken: the same token and parameters answer the same reservation; other parameters are IdempotentParameterMismatch', async () => {
      const img = image();
      const first = await run({ ImageId: img.imageId, ClientToken: 'token-one' });
      const again = await run({ ImageId: img.imageId, ClientToken: 'token-one' });
      assert.equal(again.ReservationId, first.ReservationId);
      assert.deepEqual(again.Instances?.map((i) => i.InstanceId), first.Instances?.map((i) => i.InstanceId));
      assert.equal(reservationsOf(img.imageId).size, 1);
      const mismatch = await errorOf(run({ ImageId: img.imageId, ClientToken: 'token-one', InstanceType: 't3.small' }));
      assert.equal(mismatch.name, 'IdempotentParameterMismatch');
      const byToken = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: ['token-one'] }] }));
      assert.deepEqual(byToken.Reservations?.map((r) => r.ReservationId), [first.ReservationId]);
      assert.equal(byToken.Reservations?.[0]?.Instances?.[0]?.ClientToken, 'token-one');
    });

    it('a dropped response after RunInstances: the instances exist, and the SDK\'s retry with the same token gets them back without a second launch', async () => {
      const img = image();
      emu.faults.dropAfterNextMutation(1);
      const n = emu.requests.length;
      const out = await client(emu.url, { region: REGION, maxAttempts: 3 }).send(new RunInstancesCommand({ ImageId: img.imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ClientToken: 'dropped-once' }));
      const calls = emu.requests.slice(n).filter((r) => r.action === 'RunInstances');
      assert.deepEqual(calls.map((c) => c.status), [0, 200]);
      assert.equal(calls[0]?.params.ClientToken, 'dropped-once');
      assert.equal(calls[1]?.params.ClientToken, 'dropped-once');
      assert.equal(reservationsOf(img.imageId).size, 1);
      assert.deepEqual([...reservationsOf(img.imageId)], [out.ReservationId]);
    });
  });

  describe('DescribeInstances and TerminateInstances', () => {
    it('filters by state and image, pages with the paginator, and terminates through shutting-down', async () => {
      emu.store.instanceTiming = { pendingMs: 0, shuttingDownMs: 100 };
      const img = image();
      const out = await run({ ImageId: img.imageId, MinCount: 3, MaxCount: 3 });
      const ids = (out.Instances ?? []).map((i) => i.InstanceId as string);
      const running = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'image-id', Values: [img.imageId] }, { Name: 'instance-state-name', Values: ['running'] }] }));
      assert.deepEqual(running.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId).sort(), [...ids].sort());
      let seen = 0;
      for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, {})) seen += (page.Reservations ?? []).flatMap((r) => r.Instances ?? []).length;
      assert.equal(seen, emu.store.instances(REGION).filter((i) => i.ownerId === DEFAULT_ACCOUNT).length);
      const term = await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
      assert.deepEqual(term.TerminatingInstances?.map((t) => [t.PreviousState?.Name, t.CurrentState?.Name]), ids.map(() => ['running', 'shutting-down']));
      await eventually(async () => {
        const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
        return (d.Reservations ?? []).flatMap((r) => r.Instances ?? []).every((i) => i.State?.Name === 'terminated');
      }, 'terminated');
      const e = await errorOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })));
      assert.equal(e.name, 'InvalidInstanceID.NotFound');
      const other = await client(emu.url, { accessKeyId: OTHER_ACCESS_KEY }).send(new DescribeInstancesCommand({}));
      assert.equal(other.Reservations?.length ?? 0, 0, 'instances belong to their account');
      assert.ok(emu.store.instances(REGION).every((i) => i.ownerId !== OTHER_ACCOUNT));
    });
  });
});
