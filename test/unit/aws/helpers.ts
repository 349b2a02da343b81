/**
 * Shared set-up for the service-layer tests: a temporary AWS home per test with its own config and
 * credentials files, an explicit env (so nothing leaks in from the machine running the tests),
 * and services pointed at the emulator with their log lines captured.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KEYS } from '../../emulator/index';
import { createAwsServices } from '../../../src/aws/index';
import type { AwsServices, AwsServicesOptions, ImageFilter, ImageOperations, OwnerScope } from '../../../src/aws/types';
import type { AmiImage } from '../../../src/model/image';
import type { Result } from '../../../src/model/result';

export const VERSION = '9.8.7-test';
/** A test key of the emulator's DEFAULT_ACCOUNT (its table: test/emulator/accounts.ts). */
export const DEFAULT_KEY = 'AKIA_DEFAULT_TEST_01';
export const DEFAULT_SECRET = TEST_KEYS[DEFAULT_KEY].secret;
/** A test key of the emulator's OTHER_ACCOUNT. */
export const OTHER_KEY = 'AKIA_OTHER_ACCOUNT_1';
export const OTHER_SECRET = TEST_KEYS[OTHER_KEY].secret;

export interface AwsHome {
  dir: string;
  configPath: string;
  credentialsPath: string;
  env: Record<string, string | undefined>;
  writeConfig(text: string): void;
  writeCredentials(text: string): void;
  remove(): void;
}

/** A fresh temporary AWS home. The env names only what the test chose: no IMDS, no machine files. */
export function makeAwsHome(extraEnv: Record<string, string | undefined> = {}): AwsHome {
  const dir = mkdtempSync(join(tmpdir(), 'ami-explorer-aws-'));
  const configPath = join(dir, 'config');
  const credentialsPath = join(dir, 'credentials');
  return {
    dir,
    configPath,
    credentialsPath,
    env: {
      HOME: dir,
      AWS_CONFIG_FILE: configPath,
      AWS_SHARED_CREDENTIALS_FILE: credentialsPath,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...extraEnv,
    },
    writeConfig: (text) => writeFileSync(configPath, text),
    writeCredentials: (text) => writeFileSync(credentialsPath, text),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A home whose default profile holds static keys of the emulator's default account. */
export function defaultHome(extraEnv: Record<string, string | undefined> = {}): AwsHome {
  const home = makeAwsHome(extraEnv);
  home.writeCredentials(`[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = ${DEFAULT_SECRET}\n`);
  home.writeConfig('[default]\nregion = us-east-1\n');
  return home;
}

/** The credentials text of two profiles: `default` (the emulator's default account) and `other` (OTHER_ACCOUNT). */
export const TWO_PROFILE_CREDENTIALS = `[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = ${DEFAULT_SECRET}\n[other]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n`;

/** A home with the two profiles of TWO_PROFILE_CREDENTIALS, both in us-east-1. */
export function twoProfileHome(): AwsHome {
  const home = makeAwsHome();
  home.writeCredentials(TWO_PROFILE_CREDENTIALS);
  home.writeConfig('[default]\nregion = us-east-1\n[profile other]\nregion = us-east-1\n');
  return home;
}

export interface TestServices {
  services: AwsServices;
  logs: { level: string; message: string }[];
}

export function makeServices(home: AwsHome, endpoint: string | undefined, options: Partial<AwsServicesOptions> = {}): TestServices {
  const logs: { level: string; message: string }[] = [];
  const services = createAwsServices({
    extensionName: 'ami-explorer',
    extensionVersion: VERSION,
    env: home.env,
    maxAttempts: 3,
    ...(endpoint ? { endpoint } : {}),
    log: (level, message) => logs.push({ level, message }),
    ...options,
  });
  return { services, logs };
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** Follows NextToken to the end; returns every image and the number of pages. */
export async function listAll(ops: ImageOperations, region: string, scope: OwnerScope, filter: ImageFilter = {}, pageSize = 1000): Promise<{ images: AmiImage[]; pages: number }> {
  const images: AmiImage[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = unwrap(await ops.listImages(region, scope, filter, { pageSize, ...(nextToken ? { nextToken } : {}) }));
    pages++;
    images.push(...page.items);
    nextToken = page.nextToken;
    if (pages > 10_000) throw new Error('paging does not end');
  } while (nextToken);
  return { images, pages };
}
