import * as assert from 'node:assert/strict';
import type { AmiImage, BlockDevice } from '../../../src/model/image';
import {
  consoleHost,
  consoleUrl,
  isRegionName,
  deviceDescription,
  deviceTooltipMarkdown,
  escapeMarkdown,
  formatAge,
  imageContextValue,
  isOwnedByCaller,
  imageDescription,
  imageLabel,
  plural,
  imageTooltipMarkdown,
  imageVisibility,
  isDeprecated,
} from '../../../src/model/format';

function image(extra: Partial<AmiImage> = {}): AmiImage {
  return { imageId: 'ami-0123456789abcdef0', region: 'eu-west-1', state: 'available', public: false, productCodes: [], tags: {}, blockDeviceMappings: [], ...extra };
}

const NOW = new Date('2025-03-15T12:00:00.000Z');

/** The characters CommonMark gives meaning to, which must never appear unescaped in tooltip values. */
function unescaped(md: string, ch: string): boolean {
  for (let i = 0; i < md.length; i++) {
    if (md[i] !== ch) continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && md[j] === '\\'; j--) slashes++;
    if (slashes % 2 === 0) return true;
  }
  return false;
}

describe('model/format', () => {
  describe('imageLabel', () => {
    it('prefers the Name tag, then the name, then the id', () => {
      assert.equal(imageLabel(image({ name: 'build-42', tags: { Name: 'Web' } })), 'Web');
      assert.equal(imageLabel(image({ name: 'build-42' })), 'build-42');
      assert.equal(imageLabel(image()), 'ami-0123456789abcdef0');
    });
    it('skips blank values and folds line breaks', () => {
      assert.equal(imageLabel(image({ name: '  ', tags: { Name: ' ' } })), 'ami-0123456789abcdef0');
      assert.equal(imageLabel(image({ tags: { Name: 'line1\nline2\r\n\tline3' } })), 'line1 line2 line3');
    });
  });

  describe('plural', () => {
    it('adds an s unless the count is exactly one', () => {
      assert.deepEqual([0, 1, 2].map((n) => plural(n, 'image')), ['0 images', '1 image', '2 images']);
    });
  });

  describe('invisible and bidi characters are shown as escapes', () => {
    const SPOOF = 'invoice\u202Eexe.gpj';
    it('in labels, descriptions and device text', () => {
      assert.equal(imageLabel(image({ tags: { Name: SPOOF } })), 'invoice\\u202Eexe.gpj');
      assert.equal(imageLabel(image({ name: 'ad\u200Bmin\u2066' })), 'ad\\u200Bmin\\u2066');
      assert.equal(imageDescription(image({ architecture: 'x86_64\u202E' }), NOW), 'ami-0123456789abcdef0 · x86_64\\u202E');
      assert.equal(deviceDescription({ deviceName: '/dev/sdb', kind: 'ephemeral', virtualName: 'ephemeral0\u200B' }), 'instance store ephemeral0\\u200B');
      assert.equal(imageLabel(image({ tags: { Name: 'Überprüfung 日本語 😀' } })), 'Überprüfung 日本語 😀');
    });

    it('in tooltips, where the escape survives the Markdown escaping and renders as \\u202E', () => {
      const md = imageTooltipMarkdown(image({ name: SPOOF, description: 'a\u200Bb', tags: { ['k\u2067']: 'v\uFEFF' } }), NOW);
      for (const ch of ['\u202E', '\u200B', '\u2067', '\uFEFF']) assert.ok(!md.includes(ch), `raw U+${ch.codePointAt(0)?.toString(16)} in ${md}`);
      // Markdown shows "\\u202E" as the text \u202E: the backslash itself is escaped.
      assert.ok(md.includes('invoice\\\\u202Eexe\\.gpj'), md);
      assert.ok(md.includes('a\\\\u200Bb'), md);
      assert.ok(md.includes('k\\\\u2067 = v\\\\uFEFF'), md);
      const dev = deviceTooltipMarkdown({ deviceName: '/dev/sd\u202Eb', kind: 'ebs', ebs: { snapshotId: 'snap-1\u200B' } });
      assert.ok(dev.includes('sd\\\\u202Eb') && dev.includes('snap\\-1\\\\u200B'), dev);
      assert.ok(escapeMarkdown('\u202E').startsWith('\\\\u202E'));
    });
  });

  describe('formatAge', () => {
    it('reads coarse ages', () => {
      assert.equal(formatAge('2025-03-15T11:59:30.000Z', NOW), 'just now');
      assert.equal(formatAge('2025-03-15T11:59:00.000Z', NOW), '1 minute ago');
      assert.equal(formatAge('2025-03-15T11:15:00.000Z', NOW), '45 minutes ago');
      assert.equal(formatAge('2025-03-15T09:00:00.000Z', NOW), '3 hours ago');
      assert.equal(formatAge('2025-03-14T12:00:00.000Z', NOW), '1 day ago');
      assert.equal(formatAge('2025-03-01T12:00:00.000Z', NOW), '14 days ago');
      assert.equal(formatAge('2024-12-15T12:00:00.000Z', NOW), '3 months ago');
      assert.equal(formatAge('2023-03-01T12:00:00.000Z', NOW), '2 years ago');
    });
    it('gives undefined for missing or bad dates and "just now" for the future', () => {
      assert.equal(formatAge(undefined, NOW), undefined);
      assert.equal(formatAge('yesterday', NOW), undefined);
      assert.equal(formatAge('2030-01-01T00:00:00Z', NOW), 'just now');
    });
  });

  it('imageDescription joins id, architecture and age, leaving out what is missing', () => {
    assert.equal(
      imageDescription(image({ architecture: 'arm64', creationDate: '2025-03-12T12:00:00.000Z' }), NOW),
      'ami-0123456789abcdef0 · arm64 · 3 days ago',
    );
    assert.equal(imageDescription(image(), NOW), 'ami-0123456789abcdef0');
  });

  describe('state flags', () => {
    it('isDeprecated only once the deprecation time has passed', () => {
      assert.equal(isDeprecated(image({ deprecationTime: '2025-01-01T00:00:00Z' }), NOW), true);
      assert.equal(isDeprecated(image({ deprecationTime: '2026-01-01T00:00:00Z' }), NOW), false);
      assert.equal(isDeprecated(image(), NOW), false);
    });

    it('imageVisibility: public, shared with me, someone else\'s, mine', () => {
      assert.equal(imageVisibility(image({ public: true }), true), 'public');
      assert.equal(imageVisibility(image(), true), 'shared');
      assert.equal(imageVisibility(image({ ownerId: '111111111111' }), false, '222222222222'), 'shared');
      assert.equal(imageVisibility(image({ ownerId: '222222222222' }), false, '222222222222'), 'private');
      assert.equal(imageVisibility(image({ ownerId: '111111111111' }), false), 'private');
      // The owner's launch permissions: group all is public, any explicit share is shared.
      assert.equal(imageVisibility(image(), false, undefined, [{ group: 'all' }]), 'public');
      assert.equal(imageVisibility(image(), false, undefined, [{ organizationalUnitArn: 'arn:ou' }]), 'shared');
      assert.equal(imageVisibility(image(), false, undefined, []), 'private');
    });

    it('imageContextValue carries state, visibility, deprecated and windows, matching the menus\' regex', () => {
      const cv = imageContextValue(image({ state: 'available', platform: 'windows', deprecationTime: '2020-01-01T00:00:00Z' }), 'shared', NOW);
      assert.equal(cv, 'amiExplorer:ami+available+shared+deprecated+windows');
      assert.match(cv, /^amiExplorer:ami\b/);
      assert.equal(imageContextValue(image({ state: 'Fail ed+x' }), 'private', NOW), 'amiExplorer:ami+failedx+private');
    });

    it('marks images the caller owns with +owned, which owner-only menus match', () => {
      const mine = imageContextValue(image({ state: 'available' }), 'public', NOW, true);
      assert.equal(mine, 'amiExplorer:ami+available+public+owned');
      assert.match(mine, /^amiExplorer:ami\b.*\+owned\b/);
      assert.doesNotMatch(imageContextValue(image({ state: 'available' }), 'shared', NOW), /\+owned\b/);
      // The owner is the caller's account when known; else the "owned by me" listing says so.
      assert.equal(isOwnedByCaller(image({ ownerId: '111111111111' }), '111111111111', false), true);
      assert.equal(isOwnedByCaller(image({ ownerId: '222222222222' }), '111111111111', true), false);
      assert.equal(isOwnedByCaller(image({ ownerId: '222222222222' }), undefined, true), true);
      assert.equal(isOwnedByCaller(image({ ownerId: '222222222222' }), undefined, false), false);
    });
  });

  describe('markdown escaping', () => {
    const hostile = [
      '[click](command:workbench.action.terminal.new)',
      '![img](https://evil.example/x.png)',
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      'https://evil.example/phish',
      'www.evil.example',
      '**bold** _em_ `code` ~~strike~~',
      '# heading\n- list\n> quote\n| a | b |',
      '&lt;b&gt; &#x3C;',
      '$(zap) :smile:',
      'trailing backslash \\',
    ];

    it('escapes every ASCII punctuation character so no markup survives', () => {
      for (const text of hostile) {
        const md = escapeMarkdown(text);
        for (const ch of '[]()<>!`*_~#|&:.\\$') {
          assert.equal(unescaped(md, ch) && ch !== '\\', false, `unescaped ${ch} in ${md}`);
        }
        assert.doesNotMatch(md, /\n/);
        // Removing the escapes gives the text back (line breaks folded): nothing is lost.
        assert.equal(md.replace(/\\(.)/g, '$1'), text.replace(/\s+/g, ' ').trim());
      }
    });

    it('keeps letters, digits and non-ASCII text as they are', () => {
      assert.equal(escapeMarkdown('Ubuntu 22 Ünïcode 日本'), 'Ubuntu 22 Ünïcode 日本');
      assert.equal(escapeMarkdown('a-b'), 'a\\-b');
    });

    it('builds the image tooltip from escaped values only', () => {
      const evil = image({
        name: '[x](command:evil)',
        description: '<script>alert(1)</script> https://evil.example',
        tags: { Name: '**Name** <b>', '[k](command:k)': '![v](https://evil.example/v.png)' },
        ownerId: '123456789012',
        creationDate: '2025-03-10T12:00:00.000Z',
        architecture: 'x86_64',
      });
      const md = imageTooltipMarkdown(evil, NOW, 'private');
      assert.doesNotMatch(md, /\]\(/, 'no link syntax');
      assert.doesNotMatch(md, /<script>|<b>/, 'no raw HTML');
      assert.doesNotMatch(md, /https:\/\//, 'no bare URL to autolink');
      assert.match(md, /^\*\*\\\*\\\*Name\\\*\\\* \\<b\\>\*\*/, 'label bold, content escaped');
      assert.match(md, /ID: ami\\-0123456789abcdef0/);
      assert.match(md, /Created: 2025\\-03\\-10T12\\:00\\:00\\\.000Z \(5 days ago\)/);
      assert.match(md, /, \\\[k\\\]\\\(command\\:k\\\) = \\!\\\[v\\\]/);
    });

    it('caps long values and the number of tags shown', () => {
      const tags: Record<string, string> = {};
      for (let i = 0; i < 30; i++) tags[`k${i}`] = 'v';
      const md = imageTooltipMarkdown(image({ description: 'x'.repeat(5000), tags }), NOW);
      assert.ok(md.length < 2000, `tooltip length ${md.length}`);
      assert.match(md, /and 10 more/);
    });
  });

  describe('devices', () => {
    const ebs: BlockDevice = {
      deviceName: '/dev/xvda',
      kind: 'ebs',
      ebs: { snapshotId: 'snap-0abc', volumeSize: 8, volumeType: 'gp3', encrypted: true, kmsKeyId: 'arn:aws:kms:x', deleteOnTermination: true },
    };
    it('describes EBS, instance store and suppressed mappings', () => {
      assert.equal(deviceDescription(ebs), 'EBS · 8 GiB · gp3 · snap-0abc · encrypted');
      assert.equal(deviceDescription({ deviceName: '/dev/sdb', kind: 'ebs', ebs: { volumeSize: 100 } }), 'EBS · 100 GiB · not encrypted');
      assert.equal(deviceDescription({ deviceName: '/dev/sdc', kind: 'ephemeral', virtualName: 'ephemeral0' }), 'instance store ephemeral0');
      assert.equal(deviceDescription({ deviceName: '/dev/sdd', kind: 'noDevice', noDevice: '' }), 'no device (suppressed)');
    });
    it('escapes device tooltips', () => {
      const md = deviceTooltipMarkdown({ ...ebs, deviceName: '[d](command:x)' });
      assert.doesNotMatch(md, /\]\(/);
      assert.match(md, /Size: 8 GiB/);
      assert.match(md, /Encrypted: yes/);
    });
  });

  describe('isRegionName', () => {
    it('accepts region names and nothing else', () => {
      for (const r of ['us-east-1', 'eu-west-1', 'us-gov-east-1', 'cn-north-1', 'ap-southeast-10']) assert.ok(isRegionName(r), r);
      for (const r of ['', 'US-EAST-1', 'us-east', 'us-east-1 ', '*us-east-1*', 'us-east-123', `${'a'.repeat(40)}-x-1`, 3, undefined]) {
        assert.ok(!isRegionName(r), String(r));
      }
    });
  });

  describe('consoleUrl', () => {
    it('builds the commercial-partition URL', () => {
      assert.equal(
        consoleUrl('eu-west-1', 'ami-0123456789abcdef0'),
        'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#ImageDetails:imageId=ami-0123456789abcdef0',
      );
    });
    it('uses the China and GovCloud console hosts', () => {
      assert.match(consoleUrl('cn-north-1', 'ami-12345678') ?? '', /^https:\/\/console\.amazonaws\.cn\/ec2\/home\?region=cn-north-1#/);
      assert.match(consoleUrl('us-gov-west-1', 'ami-12345678') ?? '', /^https:\/\/console\.amazonaws-us-gov\.com\//);
    });
    it('takes its host from consoleHost, the one rule image and instance links share', () => {
      assert.equal(consoleHost('eu-west-1'), 'eu-west-1.console.aws.amazon.com');
      assert.equal(consoleHost('cn-northwest-1'), 'console.amazonaws.cn');
      assert.equal(consoleHost('us-gov-east-1'), 'console.amazonaws-us-gov.com');
      assert.equal(consoleHost('a/b@c'), 'a%2Fb%40c.console.aws.amazon.com', 'a hostile region stays inside the console domain');
    });
    it('refuses malformed regions and ids instead of building a URL from them', () => {
      assert.equal(consoleUrl('evil.example/x', 'ami-12345678'), undefined);
      assert.equal(consoleUrl('us-east-1', 'ami-1234#@evil'), undefined);
      assert.equal(consoleUrl('us-east-1', 'snap-12345678'), undefined);
      assert.equal(consoleUrl('', ''), undefined);
    });
  });
});
