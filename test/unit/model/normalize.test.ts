import * as assert from 'node:assert/strict';
import type { Image, ScanResults } from '@aws-sdk/client-ec2';
import type { AmiImage, ImageAttributeValue } from '../../../src/model/image';
import { toAmiImage } from '../../../src/model/imageMapping';
import { buildImageDocument, normalizeForCompare, stableStringify, toAttributesRecord, toImageRecord } from '../../../src/model/normalize';
import { HOSTILE_NAME, richImage } from './inspectFixtures';

function changedLines(a: string, b: string): string[] {
  const left = a.split('\n');
  const right = b.split('\n');
  assert.equal(left.length, right.length, 'same number of lines');
  return left.flatMap((line, i) => (line === right[i] ? [] : [`${line.trim()} → ${right[i]?.trim()}`]));
}

describe('model/normalize', () => {
  describe('toImageRecord', () => {
    it("uses EC2's member names and shapes", () => {
      const r = toImageRecord(richImage()) as Record<string, unknown>;
      assert.equal(r.ImageId, 'ami-0a1b2c3d4e5f60718');
      assert.equal(r.Name, 'web-server-2024.05.01');
      assert.equal(r.EnaSupport, true);
      assert.equal(r.SourceImageRegion, 'us-east-1');
      assert.deepEqual(r.Tags, [
        { Key: 'Team', Value: 'platform' },
        { Key: 'Name', Value: 'web' },
        { Key: 'Environment', Value: 'prod' },
      ]);
      const bdm = r.BlockDeviceMappings as Record<string, unknown>[];
      assert.equal(bdm.length, 5);
      assert.deepEqual(bdm[1], {
        DeviceName: '/dev/sdb',
        Ebs: { DeleteOnTermination: false, Iops: 5000, SnapshotId: 'snap-0000000000000000b', VolumeSize: 100, VolumeType: 'io2', KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abcd', Encrypted: true },
      });
      assert.deepEqual(bdm[3], { DeviceName: '/dev/sdd', VirtualName: 'ephemeral0' });
      assert.deepEqual(bdm[4], { DeviceName: '/dev/sde', NoDevice: '' });
    });

    it('leaves out what the image does not have', () => {
      const r = toImageRecord(richImage({ description: undefined, kernelId: undefined, productCodes: [] })) as Record<string, unknown>;
      assert.ok(!('Description' in r));
      assert.ok(!('KernelId' in r));
      assert.ok(!('ProductCodes' in r));
      assert.ok(Object.values(r).every((v) => v !== undefined));
    });

    it('keeps every ScanResults field the mapping reads, under its EC2 name', () => {
      // Every member of the SDK shape, so a field added to the mapping but not here fails to compile.
      const scan: Required<ScanResults> = {
        HighestFindingSeverityLabel: 'critical',
        FindingScanDate: new Date('2025-01-01T00:00:00Z'),
        InformationalFixAvailableSince: new Date('2025-01-02T00:00:00Z'),
        LowFixAvailableSince: new Date('2025-01-03T00:00:00Z'),
        MediumFixAvailableSince: new Date('2025-01-04T00:00:00Z'),
        HighFixAvailableSince: new Date('2025-01-05T00:00:00Z'),
        CriticalFixAvailableSince: new Date('2025-01-06T00:00:00Z'),
      };
      const image = toAmiImage({ ImageId: 'ami-0a1b2c3d4e5f60718', State: 'available', ScanResults: scan }, 'eu-west-1');
      assert.ok(image);
      const r = toImageRecord(image) as Record<string, unknown>;
      const expected = Object.fromEntries(Object.entries(scan).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
      assert.deepEqual(r.ScanResults, expected);
    });

    it('keeps hostile text as data', () => {
      const r = toImageRecord(richImage({ name: HOSTILE_NAME })) as Record<string, unknown>;
      assert.equal(r.Name, HOSTILE_NAME);
      assert.equal((JSON.parse(JSON.stringify(r)) as Record<string, unknown>).Name, HOSTILE_NAME);
    });
  });

  describe('attributes', () => {
    const values: ImageAttributeValue[] = [
      { imageId: 'ami-0a1b2c3d4e5f60718', attribute: 'lastLaunchedTime', value: '2024-06-01T00:00:00Z' },
      { imageId: 'ami-0a1b2c3d4e5f60718', attribute: 'launchPermission', launchPermissions: [{ userId: '111122223333' }, { organizationArn: 'arn:aws:organizations::123456789012:organization/o-abc' }] },
      { imageId: 'ami-0a1b2c3d4e5f60718', attribute: 'kernel' },
    ];

    it('flattens scalar values and lists what could not be read', () => {
      const r = toAttributesRecord(values, { uefiData: 'Access denied' });
      assert.deepEqual(r, {
        LastLaunchedTime: '2024-06-01T00:00:00Z',
        LaunchPermissions: [{ UserId: '111122223333' }, { OrganizationArn: 'arn:aws:organizations::123456789012:organization/o-abc' }],
        KernelId: null,
        Unavailable: { UefiData: 'Access denied' },
      });
    });

    it('buildImageDocument holds region, image and attributes', () => {
      const doc = buildImageDocument({ image: richImage(), attributes: values });
      assert.deepEqual(Object.keys(doc), ['Region', 'Image', 'Attributes']);
      assert.equal(doc.Region, 'eu-west-1');
      assert.ok(!('Attributes' in buildImageDocument({ image: richImage() })));
    });
  });

  describe('normalizeForCompare', () => {
    it('does not depend on the order EC2 lists volumes, tags or permissions in', () => {
      const a = richImage();
      const b = richImage({ blockDeviceMappings: [...(a.blockDeviceMappings ?? [])].reverse(), tags: { Environment: 'prod', Name: 'web', Team: 'platform' } });
      const perms = (order: string[]): ImageAttributeValue[] => [{ imageId: a.imageId, attribute: 'launchPermission', launchPermissions: order.map((userId) => ({ userId })) }];
      assert.equal(
        stableStringify(normalizeForCompare({ image: a, attributes: perms(['2', '1']) })),
        stableStringify(normalizeForCompare({ image: b, attributes: perms(['1', '2']) })),
      );
    });

    it('keys volumes by device name and tags by key, sorted', () => {
      const n = normalizeForCompare({ image: richImage() });
      const image = n.Image as Record<string, unknown>;
      assert.deepEqual(Object.keys(image.BlockDeviceMappings as object), ['/dev/xvda', '/dev/sdb', '/dev/sdc', '/dev/sdd', '/dev/sde']);
      assert.deepEqual((image.BlockDeviceMappings as Record<string, unknown>)['/dev/sdd'], { VirtualName: 'ephemeral0' });
      assert.deepEqual(Object.keys(image.Tags as object), ['Environment', 'Name', 'Team']);
    });

    it('turns one changed volume into one changed line', () => {
      const a = richImage();
      const b = richImage({
        blockDeviceMappings: (a.blockDeviceMappings ?? []).map((d) => (d.deviceName === '/dev/sdb' && d.ebs ? { ...d, ebs: { ...d.ebs, volumeSize: 200 } } : d)),
      });
      const diff = changedLines(stableStringify(normalizeForCompare({ image: a })), stableStringify(normalizeForCompare({ image: b })));
      assert.deepEqual(diff, ['"VolumeSize": 100, → "VolumeSize": 200,']);
    });
  });

  describe('stableStringify', () => {
    it('sorts keys at every depth, keeps array order and ends with a newline', () => {
      const text = stableStringify({ b: 1, a: { d: [3, 1], c: null } });
      assert.equal(text, '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      1\n    ]\n  },\n  "b": 1\n}\n');
    });
  });

  describe('keys written by strangers (__proto__, constructor, hasOwnProperty)', () => {
    const tags = [
      { Key: '__proto__', Value: 'proto-value' },
      { Key: 'constructor', Value: 'ctor-value' },
      { Key: 'hasOwnProperty', Value: 'own-value' },
      { Key: 'Name', Value: 'web' },
    ];
    const sdk: Image = {
      ImageId: 'ami-0123456789abcdef0',
      Name: 'web',
      Tags: tags,
      BlockDeviceMappings: [{ DeviceName: '__proto__', Ebs: { VolumeSize: 8 } }, { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 16 } }],
    };

    function mapped(): AmiImage {
      const image = toAmiImage(sdk, 'us-east-1');
      assert.ok(image);
      return image;
    }

    function assertAllKept(text: string): void {
      const parsed = JSON.parse(text) as unknown;
      assert.ok(parsed);
      for (const { Key, Value } of tags) {
        assert.ok(text.includes(JSON.stringify(Key)), `${Key} is missing from ${text}`);
        assert.ok(text.includes(JSON.stringify(Value)), `${Value} is missing from ${text}`);
      }
    }

    it('the mapped tags are own properties, and no prototype changes', () => {
      const image = mapped();
      assert.equal(Object.getPrototypeOf(image.tags), Object.prototype);
      assert.deepEqual(Object.keys(image.tags ?? {}), ['__proto__', 'constructor', 'hasOwnProperty', 'Name']);
      assert.equal(Object.getOwnPropertyDescriptor(image.tags, '__proto__')?.value, 'proto-value');
      assert.equal(({} as Record<string, unknown>).hasOwnProperty, Object.prototype.hasOwnProperty);
    });

    it('the JSON document shows every tag with its value', () => {
      assertAllKept(`${JSON.stringify(buildImageDocument({ image: mapped() }), null, 2)}\n`);
    });

    it('the compare document shows every tag and every device, with their values', () => {
      const n = normalizeForCompare({ image: mapped() });
      const text = stableStringify(n);
      assertAllKept(text);
      const parsed = JSON.parse(text) as { Image: { Tags: Record<string, string>; BlockDeviceMappings: Record<string, unknown> } };
      assert.deepEqual(Object.keys(parsed.Image.Tags), ['Name', '__proto__', 'constructor', 'hasOwnProperty']);
      assert.equal(Object.getOwnPropertyDescriptor(parsed.Image.Tags, '__proto__')?.value, 'proto-value');
      assert.deepEqual(Object.keys(parsed.Image.BlockDeviceMappings), ['/dev/xvda', '__proto__']);
      // Nothing in the built object took a stranger's prototype.
      const image = n.Image as Record<string, object>;
      for (const obj of [image.Tags, image.BlockDeviceMappings]) {
        const proto: unknown = Object.getPrototypeOf(obj);
        assert.ok(proto === null || proto === Object.prototype);
      }
    });

    it('stableStringify keeps a __proto__ key at any depth', () => {
      const value = JSON.parse('{"b":{"__proto__":{"x":1},"constructor":2},"a":1}') as Parameters<typeof stableStringify>[0];
      assert.equal(stableStringify(value, 0), '{"a":1,"b":{"__proto__":{"x":1},"constructor":2}}\n');
    });
  });
});
