/**
 * The JSON document provider (plain Node, vscode faked): VS Code's cancellation of a document's
 * content reaches the service calls as an aborted signal.
 */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ImageDocumentData } from '../../../src/data/inspectData';
import type * as ProviderModule from '../../../src/documents/imageJsonProvider';
import type { AmiRef } from '../../../src/model/image';
import { fail, type Result } from '../../../src/model/result';
import { installFakeVscode, type FakeVscode } from '../support/fakeVscode';

const URI = { scheme: 'amiexplorer-json', path: '/us-east-1/ami-0123456789abcdef0.json', query: '' } as vscode.Uri;

function token(): { token: vscode.CancellationToken; cancel(): void; listeners(): number } {
  let listeners: (() => void)[] = [];
  let cancelled = false;
  return {
    token: {
      get isCancellationRequested() {
        return cancelled;
      },
      onCancellationRequested: (listener: () => void) => {
        listeners.push(listener);
        return { dispose: () => void (listeners = listeners.filter((l) => l !== listener)) };
      },
    } as vscode.CancellationToken,
    cancel() {
      cancelled = true;
      for (const l of [...listeners]) l();
    },
    listeners: () => listeners.length,
  };
}

describe('documents/imageJsonProvider', () => {
  let fake: FakeVscode;
  let mod: typeof ProviderModule;

  before(() => {
    fake = installFakeVscode();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../../src/documents/imageJsonProvider') as typeof ProviderModule;
  });
  after(() => fake.uninstall());

  it('aborts the load when VS Code cancels the content request', async () => {
    let seen: { ref: AmiRef; signal: AbortSignal } | undefined;
    const provider = new mod.ImageJsonProvider(
      (ref, signal) =>
        new Promise<Result<ImageDocumentData>>((resolve) => {
          seen = { ref, signal };
          signal.addEventListener('abort', () => resolve(fail({ kind: 'cancelled', message: 'The operation was cancelled.' })));
        }),
    );
    const t = token();
    const content = provider.provideTextDocumentContent(URI, t.token);
    await new Promise((r) => setImmediate(r));
    assert.ok(seen, 'the loader was called');
    assert.deepEqual(seen.ref, { region: 'us-east-1', imageId: 'ami-0123456789abcdef0' });
    assert.equal(seen.signal.aborted, false);
    t.cancel();
    assert.equal(seen.signal.aborted, true);
    await content;
    assert.equal(t.listeners(), 0, 'the cancellation listener is released');
  });

  it('starts aborted when the request was cancelled already', async () => {
    let signal: AbortSignal | undefined;
    const provider = new mod.ImageJsonProvider(async (_ref, s) => {
      signal = s;
      return fail({ kind: 'cancelled', message: 'The operation was cancelled.' });
    });
    const t = token();
    t.cancel();
    await provider.provideTextDocumentContent(URI, t.token);
    assert.equal(signal?.aborted, true);
  });

  it('the change flow: an update reloads only the named documents from the re-read image; a removal says the image is gone', async () => {
    const uri = (path: string): vscode.Uri => ({ scheme: 'amiexplorer-json', path, query: '', toString: () => `amiexplorer-json:${path}` }) as unknown as vscode.Uri;
    const mine = uri('/us-east-1/ami-0123456789abcdef0.json');
    const compare = uri('/us-east-1/ami-0123456789abcdef0.compare.json');
    const other = uri('/us-east-1/ami-0fedcba9876543210.json');
    const loads: { imageId: string; known: string | undefined }[] = [];
    const provider = new mod.ImageJsonProvider(async (ref, _signal, known) => {
      loads.push({ imageId: ref.imageId, known: known?.tags?.Team });
      const image = known ?? { imageId: ref.imageId, region: ref.region, state: 'available', public: false, productCodes: [], tags: {}, blockDeviceMappings: [] };
      return { ok: true, value: { image, attributes: [], unavailable: {} } };
    });
    const ref = { region: 'us-east-1', imageId: 'ami-0123456789abcdef0' };
    const fresh = { ...ref, state: 'available', public: false, productCodes: [], tags: { Team: 'payments' }, blockDeviceMappings: [] };
    provider.applyChange({ kind: 'updated', ref, fields: ['tags'], image: fresh }, [mine, compare, other]);
    assert.match(await provider.provideTextDocumentContent(mine), /"Key": "Team",\s*"Value": "payments"/);
    assert.match(await provider.provideTextDocumentContent(compare), /payments/);
    await provider.provideTextDocumentContent(other);
    assert.deepEqual(loads, [
      { imageId: ref.imageId, known: 'payments' },
      { imageId: ref.imageId, known: 'payments' },
      { imageId: 'ami-0fedcba9876543210', known: undefined },
    ]);
    await provider.provideTextDocumentContent(mine);
    assert.equal(loads[3]?.known, undefined, 'the re-read image serves one load; later loads ask EC2');

    loads.length = 0;
    provider.applyChange({ kind: 'removed', ref: { ...ref, profile: 'another' } }, [mine]);
    await provider.provideTextDocumentContent(mine);
    assert.equal(loads.length, 1, 'a change of another profile is not this document');
    provider.applyChange({ kind: 'removed', ref }, [mine]);
    const gone = JSON.parse(await provider.provideTextDocumentContent(mine)) as { error: string };
    assert.match(gone.error, /ami-0123456789abcdef0 was deregistered/);
    assert.equal(loads.length, 1, 'a removed image is not asked for');
    provider.refresh(mine);
    await provider.provideTextDocumentContent(mine);
    assert.equal(loads.length, 2, 'an explicit refresh asks EC2 again');
  });
});
