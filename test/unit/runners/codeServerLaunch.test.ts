/**
 * The demo's code-server requires a password: the launch arguments, and a real code-server that
 * answers an unauthenticated request with its login page instead of the workbench.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { codeServerLaunch, newPassword, startCodeServer } from '../../runners/codeServerProcess';
import { codeServerBin } from '../../runners/paths';
import { createSandbox, type Sandbox } from '../../runners/sandbox';

function fakeSandbox(env: NodeJS.ProcessEnv = {}): Sandbox {
  return { codeServerConfigFile: '/s/cs.yaml', userDataDir: '/s/user', extensionsDir: '/s/ext', workspaceDir: '/s/ws', env } as Sandbox;
}

function get(url: string): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.headers.location ? { location: res.headers.location } : {}), body }));
      })
      .on('error', reject);
  });
}

describe('runners/codeServerProcess auth', () => {
  it('newPassword: 24 URL-safe characters, different every time', () => {
    const seen = new Set(Array.from({ length: 50 }, () => newPassword()));
    assert.equal(seen.size, 50);
    for (const p of seen) assert.match(p, /^[A-Za-z0-9_-]{24}$/);
  });

  it('with a password: --auth password, the secret only in $PASSWORD (not in the arguments)', () => {
    const password = newPassword();
    const { args, env } = codeServerLaunch({ sandbox: fakeSandbox({ HASHED_PASSWORD: 'x', HOME: '/h' }), port: 9, password });
    assert.deepEqual(args.slice(0, 4), ['--auth', 'password', '--bind-addr', '127.0.0.1:9']);
    assert.ok(!args.some((a) => a.includes(password)));
    assert.equal(env['PASSWORD'], password);
    assert.equal(env['HASHED_PASSWORD'], undefined, 'an inherited hash would override the password');
    assert.equal(env['HOME'], '/h');
  });

  it('without a password (test runs): --auth none and no inherited PASSWORD', () => {
    const { args, env } = codeServerLaunch({ sandbox: fakeSandbox({ PASSWORD: 'inherited' }) });
    assert.deepEqual(args.slice(0, 2), ['--auth', 'none']);
    assert.equal(env['PASSWORD'], undefined);
  });

  it('refuses a short password', () => {
    assert.throws(() => codeServerLaunch({ sandbox: fakeSandbox(), password: 'short' }), /at least 16/);
  });

  describe('a real code-server with a password', function () {
    this.timeout(90_000);
    let sandbox: Sandbox | undefined;
    let close: (() => Promise<void>) | undefined;
    after(async () => {
      await close?.();
      sandbox?.dispose();
    });

    it('answers an unauthenticated request with the login page, not the workbench', async function () {
      if (!fs.existsSync(codeServerBin)) this.skip(); // installed by scripts/installCodeServer.mjs (CI does)
      sandbox = createSandbox({ name: 'ami-explorer-auth-test' });
      const server = await startCodeServer({ sandbox, port: 0, password: newPassword() });
      close = () => server.close();
      const root = await get(`${server.url}/`);
      assert.equal(root.status, 302, `GET / answered ${root.status}`);
      assert.match(root.location ?? '', /login/);
      const login = await get(new URL(root.location ?? './login', `${server.url}/`).toString());
      assert.equal(login.status, 200);
      assert.match(login.body, /type="password"/);
      assert.doesNotMatch(login.body, /workbench\.js|vscode-workbench-web-configuration/);
    });
  });
});
