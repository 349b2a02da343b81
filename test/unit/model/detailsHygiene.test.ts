/**
 * The details model's Hygiene section (issue #11): present only when asked for (the setting),
 * owner-aware once the launch permissions were read, and free of the image's own texts.
 */
import * as assert from 'node:assert/strict';
import { buildDetailsModel, type DetailsInput } from '../../../src/model/details';
import type { AmiImage } from '../../../src/model/image';
import { fail, ok } from '../../../src/model/result';
import { HOSTILE_DESCRIPTION, HOSTILE_NAME, richImage } from './inspectFixtures';

const NOW = new Date('2024-06-01T12:00:00.000Z');

function input(image: AmiImage, extra: Partial<DetailsInput> = {}): DetailsInput {
  return { ref: { region: image.region, imageId: image.imageId }, image, fetchedAt: NOW.toISOString(), showHygiene: true, ...extra };
}

describe('model/details: Hygiene section', () => {
  it('absent unless asked for (the setting off)', () => {
    assert.equal(buildDetailsModel(input(richImage(), { showHygiene: false }), NOW).hygiene, undefined);
    assert.equal(buildDetailsModel(input(richImage(), { showHygiene: undefined }), NOW).hygiene, undefined);
  });

  it('lists the marks with their tones; the owner (permissions read) also gets "no deregistration protection"', () => {
    const image = richImage({ public: true, imageAllowed: false, imdsSupport: undefined, deregistrationProtection: undefined });
    const owner = buildDetailsModel(input(image, { launchPermissions: ok([{ group: 'all' }]) }), NOW).hygiene;
    assert.ok(owner);
    assert.deepEqual(
      owner.marks.map((m) => [m.id, m.tone]),
      [
        ['notAllowed', 'error'],
        ['public', 'warn'],
        ['unencrypted', 'warn'],
        ['imdsV1', 'warn'],
        ['unprotected', 'neutral'],
      ],
    );
    assert.match(owner.marks.find((m) => m.id === 'unencrypted')?.explanation ?? '', /^1 EBS volume is not encrypted/, 'only /dev/xvda: sdb is encrypted, sdc has no snapshot');
    assert.equal(owner.note, undefined);

    const other = buildDetailsModel(input(image, { launchPermissions: fail({ kind: 'accessDenied', message: 'not yours' }) }), NOW).hygiene;
    assert.ok(other);
    assert.ok(!other.marks.some((m) => m.id === 'unprotected'), 'not the owner: no protection mark');
    assert.equal(other.marks.find((m) => m.id === 'public')?.tone, 'neutral');
  });

  it('the first, quick model (permissions not asked yet) says owner-ness is being checked', () => {
    const h = buildDetailsModel(input(richImage({ deregistrationProtection: undefined })), NOW).hygiene;
    assert.ok(h);
    assert.ok(!h.marks.some((m) => m.id === 'unprotected'));
    assert.match(h.note ?? '', /Checking whether the image is yours/);
  });

  it('a clean image says so', () => {
    const clean = richImage({ blockDeviceMappings: [] });
    const h = buildDetailsModel(input(clean, { launchPermissions: ok([]) }), NOW).hygiene;
    assert.deepEqual(h, { marks: [], note: 'No hygiene marks: nothing to act on.' });
  });

  it('never carries the image’s hostile name or description', () => {
    const h = buildDetailsModel(input(richImage({ name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION, public: true, imdsSupport: undefined }), { launchPermissions: ok([]) }), NOW).hygiene;
    const all = JSON.stringify(h);
    assert.ok(!all.includes('<img') && !all.includes('command:workbench'), all);
  });
});
