import * as assert from 'node:assert/strict';
import { PANEL_TITLE_MAX, buildDetailsModel, detailsKey, detailsPanelTitle, verifiedProvider, type DetailsInput, type DetailsModel } from '../../../src/model/details';
import { formatDate } from '../../../src/model/format';
import { imageLabel, truncate } from '../../../src/model/format';
import type { AmiImage } from '../../../src/model/image';
import { fail, ok } from '../../../src/model/result';
import { HOSTILE_DESCRIPTION, HOSTILE_NAME, richImage } from './inspectFixtures';

const NOW = new Date('2025-01-01T00:00:00Z');
const REF = { region: 'eu-west-1', imageId: 'ami-0a1b2c3d4e5f60718', profile: 'dev' };
const denied = { kind: 'accessDenied' as const, message: 'Access denied to ec2:DescribeImageAttribute.' };

function input(image: AmiImage = richImage(), extra: Partial<DetailsInput> = {}): DetailsInput {
  return { ref: REF, image, fetchedAt: '2025-01-01T00:00:00Z', ...extra };
}

function fact(model: DetailsModel, id: string) {
  const f = model.facts.find((x) => x.id === id);
  assert.ok(f, `fact ${id}`);
  return f;
}

describe('model/details', () => {
  it('keys panels by profile, region and image', () => {
    assert.equal(detailsKey(REF), 'dev|eu-west-1|ami-0a1b2c3d4e5f60718');
    assert.notEqual(detailsKey({ ...REF, profile: undefined }), detailsKey(REF));
    assert.notEqual(detailsKey({ ...REF, region: 'us-east-1' }), detailsKey(REF));
  });

  it('formats dates in UTC and shows unparsable ones as given', () => {
    assert.equal(formatDate('2024-05-01T10:20:30.000Z'), '2024-05-01 10:20 UTC');
    assert.equal(formatDate('not a date'), 'not a date');
    assert.equal(formatDate(undefined), undefined);
  });

  describe('header', () => {
    it('names the image, its state and owner', () => {
      const h = buildDetailsModel(input(), NOW).header;
      assert.equal(h.title, 'web', 'the Name tag, as the tree labels it');
      assert.equal(h.name, 'web-server-2024.05.01');
      assert.equal(h.imageId, 'ami-0a1b2c3d4e5f60718');
      assert.equal(h.state, 'available');
      assert.equal(h.stateTone, 'ok');
      assert.equal(h.ownerId, '123456789012');
      assert.equal(h.verifiedProvider, undefined);
      assert.equal(h.profile, 'dev');
      assert.equal(buildDetailsModel(input(richImage({ state: 'failed' })), NOW).header.stateTone, 'error');
      assert.equal(buildDetailsModel(input(richImage({ name: undefined })), NOW).header.title, 'web');
    });

    it('is titled like the tree node: Name tag, else name, else id', () => {
      for (const image of [
        richImage(),
        richImage({ tags: {} }),
        richImage({ tags: { Name: '   ' } }),
        richImage({ tags: { Name: ' multi\nline  tag ' } }),
        richImage({ tags: {}, name: undefined }),
      ]) {
        assert.equal(buildDetailsModel(input(image), NOW).header.title, imageLabel(image));
      }
      assert.equal(buildDetailsModel(input(richImage({ tags: {} })), NOW).header.title, 'web-server-2024.05.01');
      assert.equal(buildDetailsModel(input(richImage({ tags: {}, name: undefined })), NOW).header.title, 'ami-0a1b2c3d4e5f60718');
    });

    it('names the panel tab after the title, cut, with the id', () => {
      const ref = { region: 'eu-west-1', imageId: 'ami-0a1b2c3d4e5f60718' };
      assert.equal(detailsPanelTitle(ref), ref.imageId, 'nothing loaded yet');
      assert.equal(detailsPanelTitle(ref, buildDetailsModel(input(), NOW)), `web (${ref.imageId})`);
      const long = richImage({ tags: { Name: 'x'.repeat(50) } });
      assert.equal(detailsPanelTitle(ref, buildDetailsModel(input(long), NOW)), `${truncate('x'.repeat(50), PANEL_TITLE_MAX)} (${ref.imageId})`);
      assert.equal(detailsPanelTitle(ref, buildDetailsModel(input(richImage({ tags: {}, name: undefined })), NOW)), ref.imageId);
    });

    it('marks verified providers by alias or known Amazon account', () => {
      assert.equal(verifiedProvider('amazon', '999999999999'), 'Amazon');
      assert.equal(verifiedProvider('aws-marketplace', '679593333241'), 'AWS Marketplace');
      assert.equal(verifiedProvider(undefined, '137112412989'), 'Amazon');
      assert.equal(verifiedProvider(undefined, '123456789012'), undefined);
      assert.equal(verifiedProvider('self', '123456789012'), undefined);
      assert.equal(buildDetailsModel(input(richImage({ ownerAlias: 'amazon' })), NOW).header.verifiedProvider, 'Amazon');
    });

    it('flags deprecation relative to now', () => {
      assert.equal(buildDetailsModel(input(), NOW).header.deprecated, false);
      const later = buildDetailsModel(input(), new Date('2026-06-01T00:00:00Z'));
      assert.equal(later.header.deprecated, true);
      assert.equal(fact(later, 'deprecationTime').tone, 'warn');
      assert.match(fact(later, 'deprecationTime').value, /2026-05-01 00:00 UTC \(deprecated\)/);
    });
  });

  describe('facts', () => {
    it('covers every fact the panel promises', () => {
      const m = buildDetailsModel(input(richImage(), { lastLaunchedTime: ok('2024-12-24T18:00:00Z') }), NOW);
      const expected: Record<string, string> = {
        creationDate: '2024-05-01 10:20 UTC',
        description: 'Web server base image',
        architecture: 'x86_64',
        platformDetails: 'Linux/UNIX',
        usageOperation: 'RunInstances',
        virtualizationType: 'hvm',
        hypervisor: 'xen',
        enaSupport: 'Yes',
        sriovNetSupport: 'Intel 82599 VF (simple)',
        bootMode: 'uefi-preferred',
        tpmSupport: 'NitroTPM 2.0',
        imdsSupport: 'IMDSv2 required (v2.0)',
        rootDevice: '/dev/xvda (ebs)',
        deprecationTime: '2026-05-01 00:00 UTC',
        lastLaunchedTime: '2024-12-24 18:00 UTC',
        deregistrationProtection: 'enabled-with-cooldown',
        imageAllowed: 'Yes',
        sourceImage: 'ami-0fedcba9876543210 (us-east-1)',
        sourceInstanceId: 'i-0123456789abcdef0',
      };
      for (const [id, value] of Object.entries(expected)) assert.equal(fact(m, id).value, value, id);
    });

    it('links the source image, and only lists links it shows', () => {
      const m = buildDetailsModel(input(), NOW);
      assert.deepEqual(fact(m, 'sourceImage').link, { imageId: 'ami-0fedcba9876543210', region: 'us-east-1' });
      assert.deepEqual(m.links, [{ imageId: 'ami-0fedcba9876543210', region: 'us-east-1' }]);
      const plain = buildDetailsModel(input(richImage({ sourceImageId: undefined, sourceImageRegion: undefined })), NOW);
      assert.equal(fact(plain, 'sourceImage').link, undefined);
      assert.deepEqual(plain.links, []);
    });

    it('takes the source region from the image region when EC2 gives none', () => {
      const m = buildDetailsModel(input(richImage({ sourceImageRegion: undefined })), NOW);
      assert.deepEqual(fact(m, 'sourceImage').link, { imageId: 'ami-0fedcba9876543210', region: 'eu-west-1' });
    });

    it('says why the last launch time is missing', () => {
      assert.equal(fact(buildDetailsModel(input(richImage(), { lastLaunchedTime: ok(undefined) }), NOW), 'lastLaunchedTime').value, 'No launch recorded');
      const failed = fact(buildDetailsModel(input(richImage(), { lastLaunchedTime: fail(denied) }), NOW), 'lastLaunchedTime');
      assert.match(failed.value, /^Unavailable: Access denied/);
      assert.equal(failed.tone, 'warn');
    });

    it('explains unset boot mode, IMDS and a blocked image', () => {
      const m = buildDetailsModel(input(richImage({ bootMode: undefined, imdsSupport: undefined, imageAllowed: false, enaSupport: undefined })), NOW);
      assert.match(fact(m, 'bootMode').value, /Not set/);
      assert.match(fact(m, 'imdsSupport').value, /Not set/);
      assert.match(fact(m, 'imageAllowed').value, /^No/);
      assert.equal(fact(m, 'enaSupport').value, 'No');
    });
  });

  describe('block device mappings', () => {
    it('has one row per mapping with kind, size, type and encryption', () => {
      const v = buildDetailsModel(input(), NOW).volumes;
      assert.deepEqual(
        v.map((r) => [r.device, r.kind, r.root, r.size, r.volumeType, r.encrypted, r.deleteOnTermination]),
        [
          ['/dev/xvda', 'ebs', true, '8 GiB', 'gp3', 'No', 'Yes'],
          ['/dev/sdb', 'ebs', false, '100 GiB', 'io2', 'Yes', 'No'],
          ['/dev/sdc', 'ebs', false, '50 GiB', 'st1', 'No', 'Yes'],
          ['/dev/sdd', 'ephemeral', false, 'Instance type', '—', '—', '—'],
          ['/dev/sde', 'noDevice', false, '—', '—', '—', '—'],
        ],
      );
      assert.equal(v[0]?.iops, '3000');
      assert.equal(v[0]?.throughput, '125 MiB/s');
      assert.equal(v[1]?.kmsKeyId, 'arn:aws:kms:eu-west-1:123456789012:key/abcd');
      assert.equal(v[3]?.kindLabel, 'Instance store (ephemeral0)');
    });

    it('sizes the bars relative to the largest volume', () => {
      const m = buildDetailsModel(input(), NOW);
      assert.deepEqual(m.volumes.map((r) => r.barPercent), [8, 100, 50, 0, 0]);
      assert.equal(m.totalSize, '158 GiB');
    });
  });

  describe('snapshots', () => {
    it('shows readable snapshots and names the ones it cannot read', () => {
      const s = buildDetailsModel(
        input(richImage(), {
          snapshots: ok([{ snapshotId: 'snap-0000000000000000a', region: 'eu-west-1', volumeSize: 8, state: 'completed', encrypted: false, ownerId: '123456789012', description: 'root', tags: {} }]),
        }),
        NOW,
      ).snapshots;
      assert.equal(s.status, 'ok');
      assert.deepEqual(s.rows.map((r) => [r.snapshotId, r.devices, r.size, r.state, r.encrypted, r.owner, r.description]), [
        ['snap-0000000000000000a', ['/dev/xvda'], '8 GiB', 'completed', 'No', '123456789012', 'root'],
      ]);
      assert.deepEqual(s.unreadable, ['snap-0000000000000000b']);
      assert.match(s.unreadableNote ?? '', /Not visible to your account/);
    });

    it('reports a failed DescribeSnapshots and lists every snapshot as unread', () => {
      const s = buildDetailsModel(input(richImage(), { snapshots: fail(denied) }), NOW).snapshots;
      assert.equal(s.status, 'error');
      assert.match(s.message ?? '', /DescribeSnapshots failed: Access denied/);
      assert.deepEqual(s.unreadable, ['snap-0000000000000000a', 'snap-0000000000000000b']);
    });

    it('says when no snapshot is referenced', () => {
      const s = buildDetailsModel(input(richImage({ blockDeviceMappings: [{ deviceName: '/dev/sdb', kind: 'ephemeral', virtualName: 'ephemeral0' }] })), NOW).snapshots;
      assert.equal(s.status, 'none');
    });
  });

  describe('launch permissions', () => {
    it('counts accounts and organizations for a shared image', () => {
      const m = buildDetailsModel(
        input(richImage(), {
          launchPermissions: ok([{ userId: '222233334444' }, { userId: '111122223333' }, { organizationArn: 'arn:aws:organizations::123456789012:organization/o-abc' }]),
        }),
        NOW,
      );
      assert.equal(m.header.visibility, 'shared');
      assert.equal(m.permissions.summary, 'Private, shared with 2 accounts and 1 organization.');
      assert.deepEqual(m.permissions.accounts, ['111122223333', '222233334444']);
      assert.equal(m.permissions.note, undefined, 'no note promising a feature that does not exist');
    });

    it('tells private from public', () => {
      assert.equal(buildDetailsModel(input(richImage(), { launchPermissions: ok([]) }), NOW).header.visibility, 'private');
      const pub = buildDetailsModel(input(richImage(), { launchPermissions: ok([{ group: 'all' }]) }), NOW);
      assert.equal(pub.header.visibility, 'public');
      assert.match(pub.permissions.summary, /^Public/);
    });

    it('falls back to what DescribeImages says when the attribute cannot be read', () => {
      const pub = buildDetailsModel(input(richImage({ public: true }), { launchPermissions: fail(denied) }), NOW);
      assert.equal(pub.header.visibility, 'public');
      assert.equal(pub.permissions.status, 'unavailable');
      const shared = buildDetailsModel(input(richImage(), { launchPermissions: fail(denied), accountId: '999988887777' }), NOW);
      assert.equal(shared.header.visibility, 'shared');
      assert.equal(shared.header.visibilityLabel, 'Shared with you');
      const unknown = buildDetailsModel(input(richImage(), { launchPermissions: fail(denied) }), NOW);
      assert.equal(unknown.header.visibility, 'unknown');
      assert.match(unknown.permissions.summary, /could not be read \(Access denied/);
    });
  });

  describe('ancestry', () => {
    it('follows the chain across regions and links every ancestor', () => {
      const m = buildDetailsModel(
        input(richImage(), {
          ancestry: ok([
            { imageId: 'ami-0a1b2c3d4e5f60718', sourceImageId: 'ami-0fedcba9876543210', sourceImageRegion: 'us-east-1', creationDate: '2024-05-01T10:20:30Z' },
            { imageId: 'ami-0fedcba9876543210', sourceImageId: 'ami-01111111111111111', sourceImageRegion: 'us-west-2' },
            { imageId: 'ami-01111111111111111', imageOwnerAlias: 'amazon' },
          ]),
        }),
        NOW,
      );
      assert.equal(m.ancestry.status, 'ok');
      assert.deepEqual(
        m.ancestry.rows.map((r) => [r.imageId, r.region, r.current, r.link?.region]),
        [
          ['ami-0a1b2c3d4e5f60718', 'eu-west-1', true, undefined],
          ['ami-0fedcba9876543210', 'us-east-1', false, 'us-east-1'],
          ['ami-01111111111111111', 'us-west-2', false, 'us-west-2'],
        ],
      );
      assert.deepEqual(m.links, [
        { imageId: 'ami-0fedcba9876543210', region: 'us-east-1' },
        { imageId: 'ami-01111111111111111', region: 'us-west-2' },
      ]);
    });

    it('says clearly when the API does not answer', () => {
      const m = buildDetailsModel(input(richImage(), { ancestry: fail({ kind: 'invalidInput', message: 'GetImageAncestry is not supported for this image.' }) }), NOW);
      assert.equal(m.ancestry.status, 'unavailable');
      assert.match(m.ancestry.message ?? '', /^Ancestry is not available for this image: GetImageAncestry is not supported/);
      assert.equal(buildDetailsModel(input(), NOW).ancestry.status, 'unavailable');
    });

    it('explains a chain of one', () => {
      const m = buildDetailsModel(input(richImage(), { ancestry: ok([{ imageId: 'ami-0a1b2c3d4e5f60718' }]) }), NOW);
      assert.equal(m.ancestry.rows.length, 1);
      assert.match(m.ancestry.message ?? '', /No source image is recorded/);
    });
  });

  it('sorts tags by key', () => {
    assert.deepEqual(buildDetailsModel(input(), NOW).tags.map((t) => t.key), ['Environment', 'Name', 'Team']);
  });

  it('carries hostile text unchanged, as data for the view to render as text', () => {
    const m = buildDetailsModel(input(richImage({ name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION, tags: { [HOSTILE_NAME]: HOSTILE_DESCRIPTION } })), NOW);
    const copy = JSON.parse(JSON.stringify(m)) as DetailsModel;
    assert.equal(copy.header.title, HOSTILE_NAME);
    assert.equal(fact(copy, 'description').value, HOSTILE_DESCRIPTION);
    assert.deepEqual(copy.tags, [{ key: HOSTILE_NAME, value: HOSTILE_DESCRIPTION }]);
  });

  describe('invisible and bidi characters', () => {
    const SPOOF = 'invoice\u202Eexe.gpj';
    function allStrings(value: unknown, out: string[] = []): string[] {
      if (typeof value === 'string') out.push(value);
      else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) allStrings([k, v], out);
      return out;
    }

    it('every string the panel shows from the image is already visible', () => {
      const image = richImage({
        name: SPOOF,
        description: 'first line\nsecond\u200B line',
        tags: { Name: `web\u2066`, ['team\u200D']: 'pay\u202Dments', ['__proto__']: 'x\u0000' } as Record<string, string>,
        stateReason: { code: 'x', message: 'failed\u202E' },
        platformDetails: 'Linux/UNIX\u2060',
      });
      const m = buildDetailsModel(input(image), NOW);
      for (const text of allStrings(m)) assert.doesNotMatch(text, /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060\uFEFF]|\p{Cc}(?<![\n])/u, JSON.stringify(text));
      assert.equal(m.header.title, 'web\\u2066');
      assert.equal(m.header.name, 'invoice\\u202Eexe.gpj');
      assert.equal(m.header.stateReason, 'failed\\u202E');
      assert.equal(fact(m, 'description').value, 'first line\nsecond\\u200B line', 'line breaks are kept');
      assert.equal(fact(m, 'platformDetails').value, 'Linux/UNIX\\u2060');
      assert.deepEqual(m.tags.find((t) => t.key === 'team\\u200D'), { key: 'team\\u200D', value: 'pay\\u202Dments' });
      assert.deepEqual(m.tags.find((t) => t.key === '__proto__'), { key: '__proto__', value: 'x\\u0000' });
    });

    it('keeps ordinary text, the key, the ref and the links exactly', () => {
      const image = richImage({ name: 'Überprüfung 日本語 😀', sourceImageId: 'ami-0aaaaaaaaaaaaaaaa' });
      const raw = input(image);
      const m = buildDetailsModel(raw, NOW);
      assert.equal(m.header.name, 'Überprüfung 日本語 😀');
      assert.equal(m.key, detailsKey(raw.ref));
      assert.deepEqual(m.ref, raw.ref);
      assert.equal(m.links[0]?.imageId, 'ami-0aaaaaaaaaaaaaaaa');
      assert.deepEqual(fact(m, 'sourceImage').link, m.links[0]);
    });

    it('detailsPanelTitle shows escapes, also for a title restored from state', () => {
      const ref = { region: 'us-east-1', imageId: 'ami-0123456789abcdef0' };
      const title = detailsPanelTitle(ref, { header: { title: 'gpj.exe\u202E' } as DetailsModel['header'] });
      assert.equal(title, 'gpj.exe\\u202E (ami-0123456789abcdef0)');
    });
  });
});
