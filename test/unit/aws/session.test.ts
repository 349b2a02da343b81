/**
 * Profiles and credentials from temporary config files, through the real credential providers and
 * the real SDK against the emulator. Which account the emulator saw proves which credentials the
 * layer used (unknown keys are DEFAULT_ACCOUNT, AKIA_OTHER_ACCOUNT_1 is OTHER_ACCOUNT).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT, NOT_OPTED_IN_REGIONS, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import { createAwsServices } from '../../../src/aws/index';
import { DEFAULT_KEY, DEFAULT_SECRET, OTHER_KEY, OTHER_SECRET, TWO_PROFILE_CREDENTIALS, makeAwsHome, makeServices, unwrap, type AwsHome } from './helpers';

const REGION = 'us-east-1';

describe('aws/session', function () {
  let emu: Emulator;
  const homes: AwsHome[] = [];
  const disposers: (() => void)[] = [];

  function home(extraEnv: Record<string, string | undefined> = {}): AwsHome {
    const h = makeAwsHome(extraEnv);
    homes.push(h);
    return h;
  }
  function services(h: AwsHome, options: Parameters<typeof makeServices>[2] = {}): ReturnType<typeof makeServices> {
    const t = makeServices(h, emu.url, options);
    disposers.push(() => t.services.dispose());
    return t;
  }
  const lastAccount = (): string | undefined => emu.requests.at(-1)?.account;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 2, imagesPerRegion: 10, regions: [REGION, 'eu-west-1'] });
  });
  after(async () => {
    await emu.close();
  });
  afterEach(() => {
    for (const d of disposers.splice(0)) d();
    for (const h of homes.splice(0)) h.remove();
  });

  describe('profiles', () => {
    it('lists profiles of both files with their kind, source and region', async () => {
      const h = home();
      h.writeConfig(
        [
          '[default]',
          'region = eu-west-1',
          '[profile dev]',
          'region = us-west-2',
          '[profile sso-new]',
          'sso_session = corp',
          'sso_account_id = 111122223333',
          'sso_role_name = Admin',
          '[sso-session corp]',
          'sso_start_url = https://corp.awsapps.com/start',
          'sso_region = us-east-1',
          '[profile sso-legacy]',
          'sso_start_url = https://legacy.awsapps.com/start',
          '[profile role]',
          'role_arn = arn:aws:iam::111122223333:role/Admin',
          'source_profile = dev',
          '[profile proc]',
          'credential_process = /bin/false',
          '[profile regional]  ; a comment',
          'region = ap-southeast-2',
          '[not-a-profile]',
          'region = us-east-1',
          '',
        ].join('\n'),
      );
      h.writeCredentials(`[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = ${DEFAULT_SECRET}\n[dev]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n[keys-only]\naws_access_key_id = A\naws_secret_access_key = B\n`);
      const profiles = unwrap(await services(h).services.listProfiles());
      const byName = Object.fromEntries(profiles.map((p) => [p.name, p]));
      assert.equal(profiles[0]?.name, 'default', 'default first');
      assert.deepEqual(Object.keys(byName).sort(), ['default', 'dev', 'keys-only', 'proc', 'regional', 'role', 'sso-legacy', 'sso-new']);
      assert.deepEqual(byName['default'], { name: 'default', source: 'both', kind: 'static', region: 'eu-west-1' });
      assert.deepEqual(byName['dev'], { name: 'dev', source: 'both', kind: 'static', region: 'us-west-2' });
      assert.deepEqual(byName['keys-only'], { name: 'keys-only', source: 'credentials', kind: 'static' });
      assert.equal(byName['sso-new']?.kind, 'sso');
      assert.equal(byName['sso-legacy']?.kind, 'sso');
      assert.equal(byName['role']?.kind, 'assumeRole');
      assert.equal(byName['proc']?.kind, 'process');
      assert.deepEqual(byName['regional'], { name: 'regional', source: 'config', kind: 'other', region: 'ap-southeast-2' });
    });

    it('no files at all is an empty list, not an error', async () => {
      assert.deepEqual(unwrap(await services(home()).services.listProfiles()), []);
    });

    it('the default profile: AWS_PROFILE, else "default" when defined, else none', async () => {
      const h = home();
      assert.equal(await services(h).services.getDefaultProfile(), undefined);
      h.writeCredentials('[default]\naws_access_key_id = A\naws_secret_access_key = B\n');
      assert.equal(await services(h).services.getDefaultProfile(), 'default');
      const h2 = home({ AWS_PROFILE: 'work' });
      assert.equal(await services(h2).services.getDefaultProfile(), 'work');
    });

    it('re-reads the files when they change and drops the clients of a changed profile', async () => {
      const h = home();
      h.writeCredentials(`[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = ${DEFAULT_SECRET}\n`);
      const t = services(h);
      const ops = t.services.images(undefined);
      assert.ok((await ops.listImages(REGION, { kind: 'self' }, {}, {})).ok);
      assert.equal(lastAccount(), DEFAULT_ACCOUNT);
      h.writeCredentials(`[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n[added]\naws_access_key_id = A\naws_secret_access_key = B\n`);
      const names = unwrap(await t.services.listProfiles()).map((p) => p.name);
      assert.deepEqual(names, ['default', 'added']);
      assert.ok((await ops.listImages(REGION, { kind: 'self' }, {}, {})).ok);
      assert.equal(lastAccount(), OTHER_ACCOUNT, 'the new keys are used');
      assert.ok(t.logs.some((l) => /changed on disk/.test(l.message)));
    });
  });

  describe('credentials', () => {
    it('a named static profile signs with its own keys', async () => {
      const h = home();
      h.writeCredentials(TWO_PROFILE_CREDENTIALS);
      const t = services(h);
      const mine = unwrap(await t.services.images('other').listImages(REGION, { kind: 'self' }, {}, {}));
      assert.equal(lastAccount(), OTHER_ACCOUNT);
      assert.ok(mine.items.length > 0 && mine.items.every((i) => i.ownerId === OTHER_ACCOUNT));
      assert.ok((await t.services.images('default').listImages(REGION, { kind: 'self' }, {}, {})).ok);
      assert.equal(lastAccount(), DEFAULT_ACCOUNT);
    });

    it('AWS_PROFILE of the given env picks the profile for the default chain', async () => {
      const h = home({ AWS_PROFILE: 'other' });
      h.writeCredentials(TWO_PROFILE_CREDENTIALS);
      const t = services(h);
      assert.ok((await t.services.images(undefined).listImages(REGION, { kind: 'self' }, {}, {})).ok);
      assert.equal(lastAccount(), OTHER_ACCOUNT);
    });

    it('keys in the given env are the default chain when no profile applies', async () => {
      const h = home({ AWS_ACCESS_KEY_ID: OTHER_KEY, AWS_SECRET_ACCESS_KEY: OTHER_SECRET });
      const t = services(h);
      assert.ok((await t.services.images(undefined).listImages(REGION, { kind: 'self' }, {}, {})).ok);
      assert.equal(lastAccount(), OTHER_ACCOUNT);
    });

    it('a credential_process profile runs its command once for all regions (fromIni)', async () => {
      const h = home();
      const script = join(h.dir, 'creds.js');
      const counter = join(h.dir, 'runs.txt');
      writeFileSync(
        script,
        `require('fs').appendFileSync(${JSON.stringify(counter)}, 'x');\n` +
          `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: '${OTHER_KEY}', SecretAccessKey: '${OTHER_SECRET}', AccountId: '${OTHER_ACCOUNT}' }));\n`,
      );
      h.writeConfig(`[profile proc]\nregion = us-east-1\ncredential_process = "${process.execPath}" "${script}"\n`);
      const t = services(h);
      assert.deepEqual(unwrap(await t.services.checkCredentials('proc')), { accountId: OTHER_ACCOUNT });
      const ops = t.services.images('proc');
      assert.ok((await ops.listImages(REGION, { kind: 'self' }, {}, {})).ok);
      assert.equal(lastAccount(), OTHER_ACCOUNT);
      assert.ok((await ops.listImages('eu-west-1', { kind: 'self' }, {}, {})).ok);
      assert.equal(lastAccount(), OTHER_ACCOUNT);
      assert.equal(readFileSync(counter, 'utf8'), 'x', 'the process ran once');
    });

    it('a missing profile is profileNotFound, without a request and without throwing', async () => {
      const h = home();
      h.writeCredentials(`[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = ${DEFAULT_SECRET}\n`);
      const t = services(h);
      const before = emu.requests.length;
      const list = await t.services.images('nope').listImages(REGION, { kind: 'self' }, {}, {});
      assert.ok(!list.ok);
      assert.equal(list.error.kind, 'profileNotFound');
      assert.equal(list.error.profile, 'nope');
      assert.match(list.error.message, /"nope"/);
      assert.ok(list.error.nextStep);
      const check = await t.services.checkCredentials('nope');
      assert.equal(!check.ok && check.error.kind, 'profileNotFound');
      const regions = await t.services.listRegions('nope');
      assert.equal(!regions.ok && regions.error.kind, 'profileNotFound');
      assert.equal(emu.requests.length, before, 'nothing was sent');
      const viaEnv = services(home({ AWS_PROFILE: 'ghost' }));
      const r = await viaEnv.services.images(undefined).getImage(REGION, 'ami-12345678');
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'profileNotFound');
      assert.match(r.error.nextStep ?? '', /AWS_PROFILE/);
    });

    it('no credentials anywhere is noCredentials (IMDS disabled in the given env)', async () => {
      const t = services(home());
      const list = await t.services.images(undefined).listImages(REGION, { kind: 'self' }, {}, {});
      assert.ok(!list.ok);
      assert.equal(list.error.kind, 'noCredentials');
      assert.ok(list.error.nextStep);
      const check = await t.services.checkCredentials(undefined);
      assert.equal(!check.ok && check.error.kind, 'noCredentials');
    });

    it('a profile with nothing to sign with is noCredentials', async () => {
      const h = home();
      h.writeConfig('[profile empty]\nregion = us-east-1\n');
      const r = await services(h).services.images('empty').listImages(REGION, { kind: 'self' }, {}, {});
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'noCredentials');
      assert.equal(r.error.profile, 'empty');
    });

    it('an SSO profile without a cached token is ssoExpired with the login command', async () => {
      const h = home();
      const session = `ami-explorer-test-${createHash('sha1').update(h.dir).digest('hex').slice(0, 8)}`;
      h.writeConfig(
        `[profile corp]\nsso_session = ${session}\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = us-east-1\n` +
          `[sso-session ${session}]\nsso_start_url = https://${session}.awsapps.com/start\nsso_region = us-east-1\n` +
          `[profile legacy]\nsso_start_url = https://${session}-legacy.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n`,
      );
      const t = services(h);
      for (const profile of ['corp', 'legacy']) {
        const r = await t.services.images(profile).listImages(REGION, { kind: 'self' }, {}, {});
        assert.ok(!r.ok, profile);
        assert.equal(r.error.kind, 'ssoExpired', profile);
        assert.match(r.error.nextStep ?? '', new RegExp(`aws sso login --profile ${profile}`));
      }
    });

    it('an SSO profile whose cached token has expired is ssoExpired', async () => {
      const h = home();
      const session = 'ami-explorer-expired';
      h.writeConfig(
        `[profile corp]\nsso_session = ${session}\nsso_account_id = 111122223333\nsso_role_name = Admin\n` +
          `[sso-session ${session}]\nsso_start_url = https://expired.awsapps.com/start\nsso_region = us-east-1\n`,
      );
      // The SDK looks for the token under the process HOME (not the layer's env): point it at ours.
      const cache = join(h.dir, '.aws', 'sso', 'cache');
      mkdirSync(cache, { recursive: true });
      writeFileSync(
        join(cache, `${createHash('sha1').update(session).digest('hex')}.json`),
        JSON.stringify({ accessToken: 'expired-token', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl: 'https://expired.awsapps.com/start' }),
      );
      const savedHome = process.env['HOME'];
      process.env['HOME'] = h.dir;
      try {
        const r = await services(h).services.checkCredentials('corp');
        assert.ok(!r.ok);
        assert.equal(r.error.kind, 'ssoExpired');
        assert.match(r.error.nextStep ?? '', /aws sso login --profile corp/);
      } finally {
        if (savedHome === undefined) delete process.env['HOME'];
        else process.env['HOME'] = savedHome;
      }
    });

    it('an assume-role profile with mfa_serial asks the MFA code provider', async () => {
      const h = home();
      h.writeConfig(
        '[profile base]\nregion = us-east-1\n[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/Admin\nsource_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/me\nregion = us-east-1\n',
      );
      h.writeCredentials(`[base]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = ${DEFAULT_SECRET}\n`);
      const asked: string[] = [];
      const t = services(h, {
        mfaCodeProvider: async (serial) => {
          asked.push(serial);
          throw new Error('user dismissed the MFA prompt');
        },
      });
      const r = await t.services.checkCredentials('admin');
      assert.deepEqual(asked, ['arn:aws:iam::111122223333:mfa/me']);
      assert.ok(!r.ok);
    });

    it('without an env option the SDK’s default chain reads the process environment', async () => {
      const h = home();
      h.writeCredentials(`[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n`);
      const names = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_EC2_METADATA_DISABLED'];
      const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
      for (const n of names) delete process.env[n];
      process.env['AWS_CONFIG_FILE'] = h.configPath;
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = h.credentialsPath;
      process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
      const s = createAwsServices({ extensionName: 'ami-explorer', extensionVersion: '0.0.1', endpoint: emu.url, maxAttempts: 2 });
      try {
        assert.ok((await s.images(undefined).listImages(REGION, { kind: 'self' }, {}, {})).ok);
        assert.equal(lastAccount(), OTHER_ACCOUNT);
        assert.equal(await s.getDefaultProfile(), 'default');
      } finally {
        s.dispose();
        for (const n of names) {
          if (saved[n] === undefined) delete process.env[n];
          else process.env[n] = saved[n];
        }
      }
    });
  });

  describe('malformed files', () => {
    const broken: [string, string][] = [
      ['an unclosed section', '[default\naws_access_key_id = A\n'],
      ['text before any section', 'aws_access_key_id = A\n[default]\n'],
      ['a line without "="', '[default]\naws_access_key_id A\n'],
    ];
    for (const [label, text] of broken) {
      it(`${label}: configMalformed naming the file and line, nothing thrown`, async () => {
        const h = home();
        h.writeCredentials(text);
        const t = services(h);
        const profiles = await t.services.listProfiles();
        assert.ok(!profiles.ok);
        assert.equal(profiles.error.kind, 'configMalformed');
        assert.ok(profiles.error.message.includes(h.credentialsPath), profiles.error.message);
        assert.match(profiles.error.message, /line \d+/);
        assert.ok(profiles.error.nextStep);
        const list = await t.services.images('default').listImages(REGION, { kind: 'self' }, {}, {});
        assert.equal(!list.ok && list.error.kind, 'configMalformed');
        const check = await t.services.checkCredentials(undefined);
        assert.equal(!check.ok && check.error.kind, 'configMalformed');
      });
    }

    it('a malformed line holding a secret is reported by line and key only, never quoted', async () => {
      const h = home();
      const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
      h.writeCredentials(`[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key\n${secret}\n`);
      const t = services(h);
      const r = await t.services.listProfiles();
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'configMalformed');
      assert.match(r.error.message, /line 3 \(after key "aws_access_key_id"\)/);
      const list = await t.services.images('default').listImages(REGION, { kind: 'self' }, {}, {});
      assert.ok(!list.ok);
      for (const text of [r.error.message, r.error.nextStep ?? '', list.error.message, list.error.nextStep ?? '', ...t.logs.map((l) => l.message)]) {
        assert.ok(!text.includes(secret.slice(0, 10)), `the secret reached: ${text}`);
      }
    });

    it('a malformed config file is reported with its own path', async () => {
      const h = home();
      h.writeConfig('[profile x]\nregion = us-east-1\n[profile broken\n');
      const r = await services(h).services.listProfiles();
      assert.ok(!r.ok);
      assert.ok(r.error.message.includes(h.configPath));
      assert.match(r.error.message, /line 3/);
    });

    it('a path that is a directory cannot be read: configMalformed', async () => {
      const h = home();
      mkdirSync(h.credentialsPath);
      const r = await services(h).services.listProfiles();
      assert.equal(!r.ok && r.error.kind, 'configMalformed');
      assert.ok(existsSync(h.credentialsPath));
    });
  });

  describe('regions', () => {
    it('lists enabled regions with their opt-in status, asking the profile’s region', async () => {
      const h = home();
      h.writeConfig('[default]\nregion = eu-west-1\n');
      h.writeCredentials(`[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = ${DEFAULT_SECRET}\n`);
      const regions = unwrap(await services(h).services.listRegions(undefined));
      const call = emu.requests.at(-1);
      assert.equal(call?.action, 'DescribeRegions');
      assert.equal(call?.region, 'eu-west-1');
      const stored = emu.store.regions().filter((r) => r.optInStatus !== 'not-opted-in');
      assert.deepEqual(
        regions,
        stored.map((r) => ({ name: r.regionName, optInStatus: r.optInStatus })).sort((a, b) => a.name.localeCompare(b.name)),
      );
      for (const name of NOT_OPTED_IN_REGIONS) assert.ok(!regions.some((r) => r.name === name), `${name} is not enabled`);
      assert.ok(regions.some((r) => r.optInStatus === 'opted-in'), 'opted-in regions are included');
      assert.ok(regions.some((r) => r.optInStatus === 'opt-in-not-required'));
    });

    it('configured regions win, without a call; updateSettings changes them', async () => {
      const h = home();
      h.writeCredentials(`[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = ${DEFAULT_SECRET}\n`);
      const t = services(h, { regions: ['eu-west-1', 'us-east-1', 'eu-west-1'] });
      const before = emu.requests.length;
      assert.deepEqual(unwrap(await t.services.listRegions(undefined)), [
        { name: 'eu-west-1', optInStatus: 'configured' },
        { name: 'us-east-1', optInStatus: 'configured' },
      ]);
      assert.equal(emu.requests.length, before);
      // The region picker asks for every enabled region, whatever is configured.
      assert.ok(unwrap(await t.services.listRegions(undefined, undefined, { ignoreConfigured: true })).length > 5);
      assert.equal(emu.requests.at(-1)?.action, 'DescribeRegions');
      t.services.updateSettings({ endpoint: emu.url, regions: [] });
      assert.ok(unwrap(await t.services.listRegions(undefined)).length > 5);
      assert.equal(emu.requests.at(-1)?.action, 'DescribeRegions');
      assert.equal(emu.requests.at(-1)?.region, 'us-east-1', 'falls back to us-east-1');
    });
  });
});
