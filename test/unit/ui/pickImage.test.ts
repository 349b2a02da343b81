/**
 * The image picker's handling of its listing (plain Node, vscode faked): a listing that throws
 * still ends the busy state with the reason, and nothing is written once the picker is gone.
 */
import * as assert from 'node:assert/strict';
import type * as PickImageModule from '../../../src/ui/pickImage';
import type { AmiImage } from '../../../src/model/image';
import { installFakeVscode, type FakeVscode } from '../support/fakeVscode';

function image(overrides: Partial<AmiImage> = {}): AmiImage {
  return { imageId: 'ami-0123456789abcdef0', region: 'us-east-1', state: 'available', tags: {}, blockDeviceMappings: [], productCodes: [], ...overrides } as AmiImage;
}

describe('commands/pickImage', () => {
  let fake: FakeVscode;
  let mod: typeof PickImageModule;

  before(() => {
    fake = installFakeVscode();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../../src/ui/pickImage') as typeof PickImageModule;
  });
  after(() => fake.uninstall());

  describe('imageItem', () => {
    it('cannot draw a codicon or hide bidi and invisible characters', () => {
      const item = mod.imageItem(image({ name: '$(verified) Amazon\u202E Linux\u200B', tags: { Name: '$(pass-filled) Official\u2066' }, architecture: '$(check)' }));
      assert.equal(item.label, '\\$(pass-filled) Official\\u2066');
      assert.equal(item.detail, '\\$(verified) Amazon\\u202E Linux\\u200B · \\$(check)');
      assert.equal(item.description, 'ami-0123456789abcdef0');
    });
    it('leaves ordinary names alone', () => {
      const item = mod.imageItem(image({ name: 'Überprüfung 日本 (v2) $5', architecture: 'arm64' }));
      assert.equal(item.label, 'Überprüfung 日本 (v2) $5');
      assert.equal(item.detail, 'arm64');
    });
  });

  describe('showListing', () => {
    it('shows the items and ends the busy state', async () => {
      const qp = { busy: true, placeholder: 'Pick' as string | undefined };
      let shown: string[] | undefined;
      await mod.showListing(qp, Promise.resolve({ items: [mod.imageItem(image())] }), new AbortController().signal, (items) => (shown = items.map((i) => i.imageId)));
      assert.equal(qp.busy, false);
      assert.equal(qp.placeholder, 'Pick');
      assert.deepEqual(shown, ['ami-0123456789abcdef0']);
    });

    it('a listing that throws (the service layer failed to load) ends busy with the reason, typing an id still offered', async () => {
      const qp = { busy: true, placeholder: 'Pick' as string | undefined };
      let shown: unknown[] | undefined;
      await mod.showListing(qp, Promise.reject(new Error('Cannot find module ./aws')), new AbortController().signal, (items) => (shown = items));
      assert.equal(qp.busy, false);
      assert.match(qp.placeholder ?? '', /Could not list images \(Cannot find module \.\/aws\)\. Type an image id/);
      assert.deepEqual(shown, []);
    });

    it('writes nothing to a picker that was closed meanwhile', async () => {
      const qp = { busy: true, placeholder: 'Pick' as string | undefined };
      const controller = new AbortController();
      let shown = false;
      let answer!: (listing: PickImageModule.PickerListing) => void;
      const listing = new Promise<PickImageModule.PickerListing>((resolve) => (answer = resolve));
      const done = mod.showListing(qp, listing, controller.signal, () => (shown = true));
      // The picker closes, then the listing arrives.
      controller.abort();
      answer({ items: [], error: 'Access denied' });
      await done;
      const failed = mod.showListing(qp, Promise.reject(new Error('late')), controller.signal, () => (shown = true));
      await failed;
      assert.deepEqual(qp, { busy: true, placeholder: 'Pick' });
      assert.equal(shown, false);
    });
  });

  describe('imageItem', () => {
    it('is labelled like the tree node: Name tag, else name, else id; long text cut', () => {
      assert.equal(mod.imageItem(image({ name: 'the-name', tags: { Name: 'Tagged' } })).label, 'Tagged');
      assert.equal(mod.imageItem(image({ name: 'the-name', tags: { Name: 'Tagged' } })).detail, 'the-name');
      assert.equal(mod.imageItem(image({ name: 'the-name', tags: { Name: '  ' } })).label, 'the-name');
      assert.equal(mod.imageItem(image({ name: ' a\nb ' })).label, 'a b');
      assert.equal(mod.imageItem(image()).label, 'ami-0123456789abcdef0');
      const long = mod.imageItem(image({ tags: { Name: 'x'.repeat(300) } })).label;
      assert.ok(long.length <= 120 && long.endsWith('…'), long);
    });
  });
});
