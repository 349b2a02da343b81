/**
 * The accounts the emulator knows and the test access keys that sign in to them. DEFAULT_ACCOUNT
 * owns the generated "owned" images; OTHER_ACCOUNT and THIRD_ACCOUNT own images shared with it.
 * Requests are signed with SigV4 and checked against TEST_KEYS (see sigv4.ts): an unknown key or a
 * wrong secret is refused as EC2 refuses it.
 */

export const DEFAULT_ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
export const THIRD_ACCOUNT = '345678901234';

/** Owners of generated public images besides the per-region Amazon owners in the data file. */
export const AMAZON_WINDOWS_ACCOUNT = '801119661308';
export const CANONICAL_ACCOUNT = '099720109477';
export const MARKETPLACE_ACCOUNT = '679593333241';

/** The organization DEFAULT_ACCOUNT and OTHER_ACCOUNT belong to (for org/OU launch permissions). */
export const ORGANIZATION_ARN = 'arn:aws:organizations::210987654321:organization/o-a1b2c3d4e5';
/** An OU holding DEFAULT_ACCOUNT only. */
export const ORGANIZATIONAL_UNIT_ARN = 'arn:aws:organizations::210987654321:ou/o-a1b2c3d4e5/ou-a1b2-f6g7h8i9';

/** Every account the emulator knows from the start (owners of seeded records are added as they are stored). */
export const KNOWN_ACCOUNTS: readonly string[] = [DEFAULT_ACCOUNT, OTHER_ACCOUNT, THIRD_ACCOUNT, AMAZON_WINDOWS_ACCOUNT, CANONICAL_ACCOUNT, MARKETPLACE_ACCOUNT];

/** A long-term test access key: its secret and the account it belongs to. */
export interface TestKey {
  readonly secret: string;
  readonly account: string;
}

/**
 * Every long-term key the emulator accepts. Fake keys only: none of them works anywhere else.
 * The first pair is the one AWS documentation uses as its example.
 */
export const TEST_KEYS: Readonly<Record<string, TestKey>> = {
  AKIAIOSFODNN7EXAMPLE: { secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', account: DEFAULT_ACCOUNT },
  AKIA_DEFAULT_TEST_01: { secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYDEFAULTSECRET', account: DEFAULT_ACCOUNT },
  AKIA_OTHER_ACCOUNT_1: { secret: 'otherSecretKeyForTheEmulatorOnly000000000', account: OTHER_ACCOUNT },
  AKIA_THIRD_ACCOUNT_1: { secret: 'thirdSecretKeyForTheEmulatorOnly000000000', account: THIRD_ACCOUNT },
};

/** Shorthands for the keys above, for tests and the sandboxes. */
export const EXAMPLE_KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: TEST_KEYS['AKIAIOSFODNN7EXAMPLE'].secret } as const;
export const OTHER_KEY = { accessKeyId: 'AKIA_OTHER_ACCOUNT_1', secretAccessKey: TEST_KEYS['AKIA_OTHER_ACCOUNT_1'].secret } as const;
export const THIRD_KEY = { accessKeyId: 'AKIA_THIRD_ACCOUNT_1', secretAccessKey: TEST_KEYS['AKIA_THIRD_ACCOUNT_1'].secret } as const;

const ORG_MEMBERS = new Set([DEFAULT_ACCOUNT, OTHER_ACCOUNT]);
const OU_MEMBERS = new Set([DEFAULT_ACCOUNT]);

export function organizationsOf(accountId: string): string[] {
  const out: string[] = [];
  if (ORG_MEMBERS.has(accountId)) out.push(ORGANIZATION_ARN);
  if (OU_MEMBERS.has(accountId)) out.push(ORGANIZATIONAL_UNIT_ARN);
  return out;
}
