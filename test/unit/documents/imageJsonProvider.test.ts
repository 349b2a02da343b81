/**
 * The JSON document provider (plain Node, vscode faked): VS Code's cancellation of a document's
 * content reaches the service calls as an aborted signal.
 */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ImageDocumentData } from '../../../src/commands/inspectData';
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
});
