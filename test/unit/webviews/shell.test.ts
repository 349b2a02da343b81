/**
 * The pure, security-relevant pieces every webview relies on, tested directly (the UI suite only
 * reaches them through a page): escapeHtml, the Content-Security-Policy, and the HTML shell with
 * its nonce, its assets and nothing of the caller's text unescaped.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { escapeHtml } from '../../../src/model/html';
import type * as ShellModule from '../../../src/webviews/shell';
import { HOSTILE_STRINGS } from '../../emulator/seed';
import { FakeUri, requireWithPanels } from './webviewFakes';

const shell = requireWithPanels<typeof ShellModule>(path.join(__dirname, '../../../src/webviews/shell'));

/** Undoes escapeHtml's five entities (and only those), to check the round trip. */
function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string);
}

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const EXTENSION = new FakeUri('/ext');
const webview = { cspSource: CSP_SOURCE, asWebviewUri: (u: FakeUri) => new FakeUri(`/webview${u.path}`) };
const build = (options: ShellModule.ShellOptions): string =>
  shell.buildWebviewHtml(webview as unknown as Parameters<typeof shell.buildWebviewHtml>[0], EXTENSION as never, options);

describe('webviews/shell and escapeHtml', () => {
  describe('escapeHtml', () => {
    it('replaces each of & < > " \' by its entity and leaves everything else', () => {
      assert.equal(escapeHtml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&#39;f');
      assert.equal(escapeHtml('plain text 日本語 🚀'), 'plain text 日本語 🚀');
      assert.equal(escapeHtml('&amp;'), '&amp;amp;', 'an entity in the input is text, escaped again');
    });

    for (const hostile of HOSTILE_STRINGS) {
      it(`leaves no markup or attribute break in: ${hostile.slice(0, 30)}`, () => {
        const out = escapeHtml(hostile);
        assert.doesNotMatch(out, /[<>"']/);
        assert.equal(unescape(out), hostile, 'the text survives unchanged');
      });
    }
  });

  describe('contentSecurityPolicy', () => {
    it('allows nothing by default, scripts by nonce only, styles, fonts and images from the webview source', () => {
      const csp = shell.contentSecurityPolicy(CSP_SOURCE, 'n0nce');
      const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
      assert.deepEqual(Object.fromEntries(directives), {
        'default-src': ["'none'"],
        'script-src': ["'nonce-n0nce'"],
        'style-src': [CSP_SOURCE],
        'font-src': [CSP_SOURCE],
        'img-src': [CSP_SOURCE],
      });
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/);
    });
  });

  describe('buildWebviewHtml', () => {
    it('puts the CSP first in <head>, and one script: the bundle, with the nonce', () => {
      const html = build({ title: 'Inspect AMI', script: 'details', nonce: 'abc123+/=' });
      const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
      assert.match(head, /^<head>\s*<meta charset="UTF-8">\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
      const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
      assert.equal(unescape(csp ?? ''), shell.contentSecurityPolicy(CSP_SOURCE, 'abc123+/='));
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.equal(scripts.length, 1);
      assert.equal(scripts[0]?.[1], ' nonce="abc123+/=" src="file:///webview/ext/dist/webview/details.js"');
      assert.equal(scripts[0]?.[2], '', 'no inline script');
      assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
      assert.doesNotMatch(html, /style="/, 'no inline style');
      const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
      assert.deepEqual(links, ['file:///webview/ext/dist/webview/codicon.css', 'file:///webview/ext/media/webview.css']);
    });

    it('escapes the title: hostile text stays text', () => {
      for (const hostile of HOSTILE_STRINGS) {
        const html = build({ title: hostile, script: 'details', nonce: 'n' });
        const title = /<title>([\s\S]*)<\/title>/.exec(html)?.[1] ?? '';
        assert.doesNotMatch(title, /[<>]/, hostile);
        assert.equal(unescape(title), hostile);
        assert.equal(html.match(/<script\b/g)?.length, 1, `${hostile} added a script`);
      }
    });

    it('a fresh random nonce per page when none is given', () => {
      const nonces = new Set([0, 1, 2, 3].map(() => /nonce="([^"]+)"/.exec(build({ title: 't', script: 'details' }))?.[1]));
      assert.equal(nonces.size, 4);
      for (const n of nonces) assert.match(String(n), /^[A-Za-z0-9+/]{22}==$/, '128 bits, base64');
      assert.equal(Buffer.from(shell.createNonce(), 'base64').length, 16);
    });

    it('refuses a bundle name that could leave dist/webview or break the attribute', () => {
      for (const bad of ['../extension', 'details.js', 'a"b', 'Details', '', 'x/y']) {
        assert.throws(() => build({ title: 't', script: bad }), /Invalid webview bundle name/, bad);
      }
    });

    it('webview options: scripts on, command links off, resources only from dist/webview and media', () => {
      const options = shell.webviewOptions(EXTENSION as never);
      assert.equal(options.enableScripts, true);
      assert.equal(options.enableCommandUris, false);
      assert.deepEqual(
        options.localResourceRoots?.map((u) => (u as unknown as FakeUri).path),
        ['/ext/dist/webview', '/ext/media'],
      );
    });
  });
});
