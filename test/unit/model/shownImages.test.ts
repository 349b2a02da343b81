/**
 * tree (issue #12): what a region lists of the images it received: at most a page beyond what was
 * revealed, newest first, the rest kept; revealed images stay listed.
 */
import * as assert from 'node:assert/strict';
import type { AmiImage } from '../../../src/model/image';
import { shownImages } from '../../../src/model/shownImages';

/** Image n was created n days after 2026-01-01 (higher n = newer); even ones are named "even". */
function images(count: number): AmiImage[] {
  return Array.from({ length: count }, (_, n) => ({
    imageId: `ami-${n.toString(16).padStart(8, '0')}`,
    region: 'us-east-1',
    name: n % 2 === 0 ? `even-${n}` : `odd-${n}`,
    creationDate: new Date(Date.UTC(2026, 0, 1 + n)).toISOString(),
    state: 'available',
    public: false,
    productCodes: [],
    tags: {},
    blockDeviceMappings: [],
  }));
}
const ids = (list: readonly AmiImage[]): string[] => list.map((i) => i.imageId);
const id = (n: number): string => `ami-${n.toString(16).padStart(8, '0')}`;

describe('model/shownImages', () => {
  it('lists the newest page of what was received and keeps the rest, newest first', () => {
    const all = images(120);
    const { visible, kept } = shownImages(all, new Set(), '', 50);
    assert.deepEqual(ids(visible), Array.from({ length: 50 }, (_, k) => id(119 - k)));
    assert.deepEqual(ids(kept), Array.from({ length: 70 }, (_, k) => id(69 - k)));
  });

  it('fewer than a page: everything, nothing kept', () => {
    const { visible, kept } = shownImages(images(7), new Set(), '', 50);
    assert.equal(visible.length, 7);
    assert.equal(kept.length, 0);
  });

  it('revealed images are listed whatever their age; a page fills up beside them only while fewer than a page are revealed', () => {
    const all = images(120);
    const { visible } = shownImages(all, new Set([id(0), id(1)]), '', 10);
    assert.deepEqual(ids(visible), [...Array.from({ length: 8 }, (_, k) => id(119 - k)), id(1), id(0)]);
    const many = new Set(Array.from({ length: 30 }, (_, k) => id(k)));
    const shown = shownImages(all, many, '', 10);
    assert.deepEqual(ids(shown.visible), Array.from({ length: 30 }, (_, k) => id(29 - k)), 'only the 30 revealed: no page added beyond them');
    assert.equal(shown.kept.length, 90);
  });

  it('the filter applies to everything received: a page of the newest matches, the other matches kept', () => {
    const all = images(120);
    const { visible, kept } = shownImages(all, new Set(), 'even', 10);
    assert.deepEqual(ids(visible), Array.from({ length: 10 }, (_, k) => id(118 - 2 * k)));
    assert.equal(kept.length, 50);
    assert.ok(kept.every((i) => i.name?.startsWith('even')));
    // Revealed images that do not match are not listed under the filter.
    const withOdd = shownImages(all, new Set([id(119), id(117)]), 'even', 10);
    assert.equal(withOdd.visible.length, 10);
    assert.ok(withOdd.visible.every((i) => i.name?.startsWith('even')));
  });
});
