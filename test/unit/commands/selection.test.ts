/**
 * The one selection resolver of image commands: the clicked node, the multi-selection it is part
 * of, a reference or JSON document URI a caller passed, the view's selection from the palette,
 * else a clear error naming the next step.
 */
import * as assert from 'node:assert/strict';
import type { CommandContext } from '../../../src/commands/context';
import type * as ErrorsModule from '../../../src/commands/errors';
import type * as SelectionModule from '../../../src/commands/selection';
import type * as ImageNodeModule from '../../../src/tree/imageNode';
import { image } from '../tree/fakes';
import { installVscodeStub, uninstallVscodeStub, Uri } from '../support/vscodeStub';

describe('commands/selection', () => {
  let sel: typeof SelectionModule;
  let ImageNode: typeof ImageNodeModule.ImageNode;
  let CommandError: typeof ErrorsModule.CommandError;

  before(() => {
    installVscodeStub();
    /* eslint-disable @typescript-eslint/no-require-imports */
    sel = require('../../../src/commands/selection') as typeof SelectionModule;
    ({ ImageNode } = require('../../../src/tree/imageNode') as typeof ImageNodeModule);
    ({ CommandError } = require('../../../src/commands/errors') as typeof ErrorsModule);
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  after(() => uninstallVscodeStub());

  const node = (id: string, profile: string | undefined = 'dev'): ImageNodeModule.ImageNode =>
    new ImageNode(undefined, 'profile:dev/us-east-1', image(id), profile, 'private', new Date(0), true);
  const ctx = (selection: unknown[] = []): CommandContext => ({ tree: { view: { selection } } }) as unknown as CommandContext;
  const ids = (targets: SelectionModule.ImageTarget[] | undefined): string[] => (targets ?? []).map((t) => t.ref.imageId);

  let a: ImageNodeModule.ImageNode;
  let b: ImageNodeModule.ImageNode;
  let c: ImageNodeModule.ImageNode;
  before(() => {
    [a, b, c] = ['ami-000000000000000a1', 'ami-000000000000000b2', 'ami-000000000000000c3'].map((id) => node(id)) as [ImageNodeModule.ImageNode, ImageNodeModule.ImageNode, ImageNodeModule.ImageNode];
  });

  it('a clicked node alone, with the image it holds and its profile', async () => {
    const [t] = (await sel.resolveImages(ctx(), a, undefined)) ?? [];
    assert.deepEqual(t?.ref, { region: 'us-east-1', imageId: a.image.imageId, profile: 'dev' });
    assert.equal(t?.image, a.image, 'no need to describe it again');
  });

  it('the whole multi-selection when the clicked node is part of it, else the clicked node only', async () => {
    assert.deepEqual(ids(await sel.resolveImages(ctx(), b, [a, b, c])), [a, b, c].map((n) => n.image.imageId));
    assert.deepEqual(ids(await sel.resolveImages(ctx(), c, [a, b])), [c.image.imageId]);
    assert.deepEqual(ids(await sel.resolveImages(ctx(), a, [a, 'not a node'])), [a.image.imageId]);
  });

  it('a reference or an image JSON document URI a caller passed', async () => {
    const ref = { region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' };
    assert.deepEqual((await sel.resolveImages(ctx(), ref, undefined))?.[0]?.ref, ref);
    const uri = Uri.from({ scheme: 'amiexplorer-json', path: '/eu-west-1/ami-0123456789abcdef0.json', query: 'profile=prod' });
    assert.deepEqual((await sel.resolveImages(ctx(), uri, undefined))?.[0]?.ref, { ...ref, profile: 'prod' });
    await assert.rejects(sel.resolveImages(ctx(), { region: 'eu-west-1', imageId: 'ami-<script>' }, undefined), (e) => e instanceof CommandError && /needs an AMI/.test(e.message));
    await assert.rejects(sel.resolveImages(ctx(), Uri.from({ scheme: 'file', path: '/etc/passwd' }), undefined), CommandError);
  });

  it("from the palette: the view's selected images when the command takes them, else a clear error", async () => {
    assert.deepEqual(ids(await sel.resolveImages(ctx([a, 'x', c]), undefined, undefined, { useViewSelection: true })), [a, c].map((n) => n.image.imageId));
    await assert.rejects(sel.resolveImages(ctx([a]), undefined, undefined), (e) => e instanceof CommandError && e.message === 'No image is selected.' && /Select an image/.test(e.nextStep ?? ''));
    await assert.rejects(sel.resolveImages(ctx([]), undefined, undefined, { useViewSelection: true }), CommandError);
  });

  it('distinct drops the same image selected twice', () => {
    const twice = [{ ref: a.toRef() }, { ref: { ...a.toRef() } }, { ref: b.toRef() }];
    assert.deepEqual(sel.distinct(twice).map((t) => t.ref.imageId), [a.image.imageId, b.image.imageId]);
  });
});
