/**
 * The catalog's pure model: the exact Quick start list (the canonical names, Ubuntu and Debian
 * naming amd64/arm64, 22.04 on ebs-gp2 and 24.04 on ebs-gp3, no Windows for arm64), grouping,
 * the resolve:ssm text, publisher marks, the join of SSM's and EC2's answers, and the search form.
 */
import * as assert from 'node:assert/strict';
import {
  KNOWN_PUBLISHERS,
  QUICK_START,
  catalogImage,
  catalogTitle,
  checkSearch,
  groupByDistribution,
  isQuickStartParameter,
  joinQuickStart,
  noResultsText,
  parameterImageIds,
  parameterTooltip,
  publisherMark,
  quickStartParameters,
  quickStartStatusText,
  quickStartSummary,
  resolveSsmText,
  type SearchForm,
} from '../../../src/model/catalog';
import type { AmiImage } from '../../../src/model/image';

/** The canonical names agreed for issue #11 (i11-common.md), every one confirmed. */
const CANONICAL = [
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
  '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2',
  '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2',
  '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
  '/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id',
  '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id',
  '/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id',
  '/aws/service/debian/release/12/latest/amd64',
  '/aws/service/debian/release/12/latest/arm64',
  '/aws/service/debian/release/13/latest/amd64',
  '/aws/service/debian/release/13/latest/arm64',
  '/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-Base',
  '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base',
  '/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-Base',
  '/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-Base',
];

function image(id: string, fields: Partial<AmiImage> = {}): AmiImage {
  return { imageId: id, region: 'us-east-1', state: 'available', public: true, productCodes: [], tags: {}, blockDeviceMappings: [], ...fields };
}

const form = (f: Partial<SearchForm>): SearchForm => ({ source: 'community', namePattern: '', owner: '', architecture: '', ...f });

describe('model/catalog', () => {
  describe('the Quick start list', () => {
    it('holds exactly the canonical parameter names, each once', () => {
      assert.deepEqual([...quickStartParameters()].sort(), [...CANONICAL].sort());
      assert.equal(new Set(quickStartParameters()).size, QUICK_START.length);
    });

    it('labels each entry with the architecture its name says (amd64 is x86_64)', () => {
      for (const e of QUICK_START) {
        const name = e.parameter;
        const says = /arm64/.test(name) ? 'arm64' : 'x86_64';
        assert.equal(e.architecture, says, name);
        if (name.includes('/canonical/') || name.includes('/debian/')) assert.match(name, /\/(amd64|arm64)(\/|$)/, `${name} names amd64/arm64`);
        if (name.includes('ami-amazon-linux-latest')) assert.match(name, /(x86_64|arm64)/);
      }
    });

    it('has Ubuntu 24.04 on ebs-gp3 and 22.04 on ebs-gp2, and no Windows Server for arm64', () => {
      for (const e of QUICK_START.filter((x) => x.distribution === 'Ubuntu Server')) {
        assert.match(e.parameter, e.version.startsWith('24.04') ? /\/ebs-gp3\/ami-id$/ : /\/ebs-gp2\/ami-id$/);
      }
      const windows = QUICK_START.filter((e) => e.distribution === 'Windows Server');
      assert.equal(windows.length, 4);
      assert.ok(windows.every((e) => e.architecture === 'x86_64'));
      assert.ok(QUICK_START.every((e) => e.parameter.startsWith('/aws/service/')));
    });

    it('covers x86_64 and arm64 for every Linux version', () => {
      const linux = QUICK_START.filter((e) => e.distribution !== 'Windows Server');
      for (const [dist, version] of new Set(linux.map((e) => [e.distribution, e.version] as const))) {
        const archs = linux.filter((e) => e.distribution === dist && e.version === version).map((e) => e.architecture).sort();
        assert.deepEqual(archs, ['arm64', 'x86_64'], `${dist} ${version}`);
      }
    });

    it('groups by distribution in the order of first appearance, keeping entry order', () => {
      const groups = groupByDistribution(QUICK_START);
      assert.deepEqual(
        groups.map((g) => g.distribution),
        ['Amazon Linux 2023', 'Amazon Linux 2', 'Ubuntu Server', 'Debian', 'Windows Server'],
      );
      assert.equal(groups.reduce((n, g) => n + g.entries.length, 0), QUICK_START.length);
      assert.deepEqual(groupByDistribution([{ distribution: 'b', n: 1 }, { distribution: 'a', n: 2 }, { distribution: 'b', n: 3 }]), [
        { distribution: 'b', entries: [{ distribution: 'b', n: 1 }, { distribution: 'b', n: 3 }] },
        { distribution: 'a', entries: [{ distribution: 'a', n: 2 }] },
      ]);
    });

    it('knows its own parameters only', () => {
      assert.equal(isQuickStartParameter(CANONICAL[1]!), true);
      assert.equal(isQuickStartParameter('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64x'), false);
      assert.equal(isQuickStartParameter('/my/golden-ami'), false);
    });

    it('builds the resolve:ssm text and its tooltip', () => {
      assert.equal(resolveSsmText('/aws/service/debian/release/12/latest/arm64'), 'resolve:ssm:/aws/service/debian/release/12/latest/arm64');
      assert.match(parameterTooltip('/aws/service/x'), /resolve:ssm:\/aws\/service\/x/);
    });
  });

  describe('publisher marks', () => {
    it('marks Amazon and Marketplace owners as verified providers', () => {
      assert.equal(publisherMark('137112412989', 'amazon').kind, 'verified');
      assert.equal(publisherMark('137112412989', 'amazon').publisher, 'Amazon');
      assert.equal(publisherMark('679593333241', 'aws-marketplace').kind, 'verified');
      assert.equal(publisherMark('679593333241', 'aws-marketplace').publisher, 'AWS Marketplace');
    });

    it('warns for every other owner, naming known publishers but still as community', () => {
      const canonical = publisherMark('099720109477', undefined);
      assert.equal(canonical.kind, 'community');
      assert.equal(canonical.publisher, 'Canonical (099720109477)');
      assert.match(canonical.detail, /not verify/);
      assert.equal(publisherMark('136693071363', undefined).publisher, 'Debian (136693071363)');
      const unknown = publisherMark('111122223333', undefined);
      assert.equal(unknown.kind, 'community');
      assert.match(unknown.detail, /unknown publisher/);
      assert.equal(publisherMark(undefined, undefined).publisher, 'an unknown account');
      // An alias other than Amazon's own is not a verification.
      assert.equal(publisherMark('111122223333', 'self').kind, 'community');
      assert.deepEqual(Object.keys(KNOWN_PUBLISHERS).sort(), ['099720109477', '136693071363']);
    });

    it('keeps an image\'s hostile texts as they are (escaping is the renderer\'s)', () => {
      const hostile = '<img src=x onerror=alert(1)> $(verified) Official';
      const shown = catalogImage(image('ami-0123456789abcdef0', { name: hostile, ownerId: '111122223333', architecture: 'arm64', creationDate: '2026-01-02T03:04:05.000Z' }));
      assert.equal(shown.name, hostile);
      assert.equal(shown.mark.kind, 'community');
      assert.equal(shown.architecture, 'arm64');
      assert.equal(shown.creationDate, '2026-01-02T03:04:05.000Z');
    });
  });

  describe('the Quick start, resolved', () => {
    const entries = QUICK_START.slice(0, 4);
    it('joins parameters and images: found, not published, not visible, not an image', () => {
      const rows = joinQuickStart(
        entries,
        [
          { name: entries[0]!.parameter, value: 'ami-00000000000000001' },
          { name: entries[1]!.parameter, value: ' ami-00000000000000002\n' },
          { name: entries[2]!.parameter, value: 'not-an-ami' },
        ],
        [image('ami-00000000000000001', { name: 'al2023-x86', ownerAlias: 'amazon', ownerId: '137112412989' })],
      );
      assert.deepEqual(rows.map((r) => r.status.kind), ['found', 'notVisible', 'badValue', 'notPublished']);
      const found = rows[0]!.status;
      assert.ok(found.kind === 'found');
      assert.equal(found.image.name, 'al2023-x86');
      assert.equal(found.image.mark.kind, 'verified');
      assert.deepEqual(rows[1]!.status, { kind: 'notVisible', imageId: 'ami-00000000000000002' });
      assert.equal(rows[3]!.parameter, entries[3]!.parameter);
      assert.equal(quickStartStatusText(rows[3]!.status, 'eu-south-2'), 'Not published in eu-south-2.');
      assert.match(quickStartStatusText(rows[1]!.status, 'eu-south-2') ?? '', /ami-00000000000000002/);
      assert.equal(quickStartStatusText(rows[0]!.status, 'x'), undefined);
      assert.equal(quickStartSummary(rows, 'eu-south-2'), '1 of 4 images found in eu-south-2; 1 not published there; 2 not visible.');
    });

    it('asks EC2 for each distinct image id once, and only for ids', () => {
      assert.deepEqual(parameterImageIds([{ value: 'ami-00000000000000001' }, { value: 'ami-00000000000000001' }, { value: 'x' }, { value: ' ami-00000000000000002 ' }]), ['ami-00000000000000001', 'ami-00000000000000002']);
    });
  });

  describe('the search form', () => {
    it('requires a name pattern and sends nothing without one', () => {
      for (const namePattern of ['', '   ', '*', '**?*']) {
        const checked = checkSearch(form({ namePattern }));
        assert.equal(checked.ok, false, JSON.stringify(namePattern));
        assert.ok(!checked.ok && checked.field === 'namePattern');
      }
      assert.match((checkSearch(form({ namePattern: '' })) as { message: string }).message, /name pattern/);
    });

    it('refuses control characters and over-long patterns', () => {
      assert.equal(checkSearch(form({ namePattern: 'a\nb' })).ok, false);
      assert.equal(checkSearch(form({ namePattern: 'a'.repeat(129) })).ok, false);
      assert.equal(checkSearch(form({ namePattern: 'a'.repeat(128) })).ok, true);
    });

    it('takes an owner account id for Community (not Amazon\'s or Marketplace\'s aliases), none for Marketplace', () => {
      const ok = checkSearch(form({ namePattern: ' *ubuntu* ', owner: ' 099720109477 ', architecture: 'arm64' }));
      assert.deepEqual(ok, { ok: true, query: { source: 'community', namePattern: '*ubuntu*', owner: '099720109477', architecture: 'arm64' } });
      for (const alias of ['amazon', 'aws-marketplace']) {
        const verified = checkSearch(form({ namePattern: 'x', owner: alias }));
        assert.ok(!verified.ok && verified.field === 'owner' && /not community images/.test(verified.message), alias);
      }
      const bad = checkSearch(form({ namePattern: 'x', owner: '12345' }));
      assert.ok(!bad.ok && bad.field === 'owner');
      const market = checkSearch(form({ source: 'marketplace', namePattern: 'x', owner: '099720109477' }));
      assert.ok(!market.ok && market.field === 'owner');
      assert.deepEqual(checkSearch(form({ source: 'marketplace', namePattern: 'x' })), { ok: true, query: { source: 'marketplace', namePattern: 'x' } });
    });

    it('takes only architectures EC2 knows', () => {
      const bad = checkSearch(form({ namePattern: 'x', architecture: 'sparc' }));
      assert.ok(!bad.ok && bad.field === 'architecture');
    });

    it('says what found nothing, and titles the panel', () => {
      assert.equal(noResultsText({ source: 'community', namePattern: 'x*', owner: '111122223333', architecture: 'arm64' }, 'us-east-1'), 'No community images named like "x*" (owner 111122223333, arm64) in us-east-1.');
      assert.equal(noResultsText({ source: 'marketplace', namePattern: 'y' }, 'eu-west-1'), 'No AWS Marketplace images named like "y" in eu-west-1.');
      assert.equal(catalogTitle('eu-west-1'), 'AMI Catalog: eu-west-1');
      assert.equal(catalogTitle(undefined), 'AMI Catalog');
    });
  });
});
