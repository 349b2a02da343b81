import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { DetailsProtocol, OpenImageCommand, isDetailsState } from '../../../src/webviews/details/protocol';
import { exactObject, isAmiRef, isImageId, isRegionName, isString, optional } from '../../../src/webviews/guards';
import { MessageHost } from '../../../src/webviews/messageHost';
import { parseHostMessage, parseWebviewMessage } from '../../../src/webviews/protocol';

/** Just enough of a vscode.Webview to drive MessageHost: a message source and a postMessage sink. */
function fakeWebview() {
  let listener: ((m: unknown) => void) | undefined;
  const posted: unknown[] = [];
  const webview = {
    onDidReceiveMessage: (l: (m: unknown) => void) => {
      listener = l;
      return { dispose: () => (listener = undefined) };
    },
    postMessage: async (m: unknown) => {
      posted.push(m);
      return true;
    },
  } as unknown as vscode.Webview;
  return { webview, posted, hasListener: () => listener !== undefined };
}

function fakeLog() {
  const lines: string[] = [];
  return { log: { warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) }, lines };
}

describe('webviews/protocol', () => {
  describe('guards', () => {
    it('accept EC2 ids and regions only in their exact form', () => {
      assert.ok(isImageId('ami-0123456789abcdef0'));
      assert.ok(isImageId('ami-12345678'));
      assert.ok(!isImageId('ami-0123456789ABCDEF0'));
      assert.ok(!isImageId('ami-<script>'));
      assert.ok(!isImageId('snap-0123456789abcdef0'));
      assert.ok(isRegionName('us-east-1') && isRegionName('us-gov-west-1') && isRegionName('ap-southeast-5'));
      assert.ok(!isRegionName('us-east-1/../../x') && !isRegionName('US-EAST-1') && !isRegionName(''));
    });

    it('exactObject refuses missing, wrong and extra keys', () => {
      const g = exactObject({ a: isString, b: optional(isString) });
      assert.ok(g({ a: 'x' }));
      assert.ok(g({ a: 'x', b: 'y' }));
      assert.ok(!g({ a: 1 }));
      assert.ok(!g({}));
      assert.ok(!g({ a: 'x', c: 'extra' }));
      assert.ok(!g(null) && !g([]) && !g('a'));
    });

    it('isAmiRef and the restored panel state accept only well-formed refs', () => {
      assert.ok(isAmiRef({ region: 'eu-west-1', imageId: 'ami-0123456789abcdef0', profile: 'dev' }));
      assert.ok(!isAmiRef({ region: 'eu-west-1', imageId: 'ami-0123456789abcdef0', profile: 'has space' }));
      assert.ok(isDetailsState({ version: 1, ref: { region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' } }));
      assert.ok(!isDetailsState({ version: 2, ref: { region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' } }));
      assert.ok(!isDetailsState({ version: 1, ref: { region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' }, model: { version: 1 } }));
    });
  });

  describe('envelopes', () => {
    it('parses requests and commands from the webview, nothing else', () => {
      assert.deepEqual(parseWebviewMessage({ kind: 'request', id: 3, method: 'details/ready', params: {} }), { kind: 'request', id: 3, method: 'details/ready', params: {} });
      assert.deepEqual(parseWebviewMessage({ kind: 'command', method: 'details/refresh', params: {} }), { kind: 'command', method: 'details/refresh', params: {} });
      for (const bad of [
        null,
        'details/refresh',
        { kind: 'response', id: 1, ok: true, result: {} },
        { kind: 'notification', method: 'details/state', params: {} },
        { kind: 'request', id: 1.5, method: 'details/ready', params: {} },
        { kind: 'request', method: 'details/ready', params: {} },
        { kind: 'command', method: 'constructor', params: {} },
        { kind: 'command', method: 'details/refresh' },
        { kind: 'command', method: 'details/refresh', params: {}, extra: true },
      ]) {
        assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
      }
    });

    it('parses responses and notifications from the host', () => {
      assert.deepEqual(parseHostMessage({ kind: 'response', id: 1, ok: false, error: 'x' }), { kind: 'response', id: 1, ok: false, error: 'x' });
      assert.equal(parseHostMessage({ kind: 'response', id: 1, ok: false }), undefined);
      assert.equal(parseHostMessage({ kind: 'request', id: 1, method: 'a/b', params: {} }), undefined);
    });
  });

  describe('MessageHost', () => {
    it('dispatches a valid request and answers it with the same id', async () => {
      const { webview, posted } = fakeWebview();
      const { log } = fakeLog();
      const host = new MessageHost(webview, log, 'test');
      const seen: unknown[] = [];
      host.onRequest(DetailsProtocol.Ready, (p) => {
        seen.push(p);
        return { key: { region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' }, loading: true };
      });
      await host.receive({ kind: 'request', id: 7, method: 'details/ready', params: { hasState: false } });
      assert.deepEqual(seen, [{ hasState: false }]);
      assert.deepEqual(posted, [{ kind: 'response', id: 7, ok: true, result: { key: { region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' }, loading: true } }]);
    });

    it('never calls a handler with parameters that fail the guard', async () => {
      const { webview, posted } = fakeWebview();
      const { log, lines } = fakeLog();
      const host = new MessageHost(webview, log, 'test');
      const opened: unknown[] = [];
      host.onCommand(OpenImageCommand, (p) => opened.push(p));
      host.onRequest(DetailsProtocol.Ready, () => ({ key: { region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' }, loading: false }));
      await host.receive({ kind: 'command', method: 'details/openImage', params: { imageId: 'ami-0123456789abcdef0', region: 'javascript:alert(1)' } });
      await host.receive({ kind: 'command', method: 'details/openImage', params: { imageId: 'ami-0123456789abcdef0', region: 'us-east-1', profile: 'admin' } });
      await host.receive({ kind: 'request', id: 9, method: 'details/ready', params: { hasState: 'yes' } });
      await host.receive({ kind: 'command', method: 'details/runShell', params: {} });
      await host.receive({ hello: 'world' });
      assert.deepEqual(opened, []);
      assert.deepEqual(posted, [{ kind: 'response', id: 9, ok: false, error: 'Invalid parameters.' }]);
      assert.equal(lines.filter((l) => l.startsWith('warn')).length, 5);

      await host.receive({ kind: 'command', method: 'details/openImage', params: { imageId: 'ami-0123456789abcdef0', region: 'us-east-1' } });
      assert.deepEqual(opened, [{ imageId: 'ami-0123456789abcdef0', region: 'us-east-1' }]);
    });

    it('turns a failing handler into an error response', async () => {
      const { webview, posted } = fakeWebview();
      const { log, lines } = fakeLog();
      const host = new MessageHost(webview, log, 'test');
      host.onRequest(DetailsProtocol.Ready, () => {
        throw new Error('boom');
      });
      await host.receive({ kind: 'request', id: 2, method: 'details/ready', params: { hasState: true } });
      assert.deepEqual(posted, [{ kind: 'response', id: 2, ok: false, error: 'boom' }]);
      assert.ok(lines.some((l) => l.startsWith('error')));
    });

    it('stops listening and posting once disposed', async () => {
      const { webview, posted, hasListener } = fakeWebview();
      const host = new MessageHost(webview, fakeLog().log, 'test');
      host.dispose();
      assert.equal(hasListener(), false);
      host.notify(DetailsProtocol.Loading, { loading: true });
      assert.deepEqual(posted, []);
    });
  });
});
