/**
 * The accounts the emulator knows. DEFAULT_ACCOUNT owns the generated "owned" images and is what
 * any unknown access key maps to; OTHER_ACCOUNT and THIRD_ACCOUNT own images shared with it.
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

export const DEFAULT_ACCESS_KEYS: Readonly<Record<string, string>> = {
  AKIA_OTHER_ACCOUNT_1: OTHER_ACCOUNT,
  AKIA_THIRD_ACCOUNT_1: THIRD_ACCOUNT,
};

const ORG_MEMBERS = new Set([DEFAULT_ACCOUNT, OTHER_ACCOUNT]);
const OU_MEMBERS = new Set([DEFAULT_ACCOUNT]);

export function organizationsOf(accountId: string): string[] {
  const out: string[] = [];
  if (ORG_MEMBERS.has(accountId)) out.push(ORGANIZATION_ARN);
  if (OU_MEMBERS.has(accountId)) out.push(ORGANIZATIONAL_UNIT_ARN);
  return out;
}
