/**
 * The part of AWS STS the service layer uses: GetCallerIdentity (Query protocol, XML), and STS's
 * own error envelope and codes for requests it refuses.
 */
import { el } from './xml';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface StsCaller {
  account: string;
  accessKeyId: string;
  /** Set for temporary credentials (an assumed-role session). */
  temporary: boolean;
}

/** What STS says for the caller: an IAM user for long-term keys, an assumed role for temporary ones. */
export function callerIdentity(caller: StsCaller, requestId: string): string {
  const arn = caller.temporary
    ? `arn:aws:sts::${caller.account}:assumed-role/EmulatorRole/emulator-session`
    : `arn:aws:iam::${caller.account}:user/emulator-user`;
  const userId = caller.temporary ? `AROAEMULATORROLE0001:emulator-session` : `AIDA${caller.accessKeyId.replace(/[^A-Z0-9]/g, '').slice(4, 20).padEnd(16, 'X')}`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<GetCallerIdentityResponse xmlns="${STS_NAMESPACE}"><GetCallerIdentityResult>` +
    `${el('Arn', arn)}${el('UserId', userId)}${el('Account', caller.account)}` +
    `</GetCallerIdentityResult><ResponseMetadata>${el('RequestId', requestId)}</ResponseMetadata></GetCallerIdentityResponse>`
  );
}

/** STS's codes for a refused request, with the HTTP status and message it answers them with. */
export const STS_ERRORS = {
  InvalidClientTokenId: { status: 403, message: 'The security token included in the request is invalid.' },
  SignatureDoesNotMatch: {
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
  },
  SignatureExpired: { status: 403, message: 'Signature expired: the request date is more than 15 minutes from the server time.' },
  ExpiredToken: { status: 400, message: 'The security token included in the request is expired' },
  MissingAuthenticationToken: { status: 403, message: 'Request is missing Authentication Token' },
  RegionDisabledException: { status: 403, message: 'STS is not activated in this region for this account.' },
  InvalidAction: { status: 400, message: 'Could not find operation for this request.' },
} as const;

export type StsErrorName = keyof typeof STS_ERRORS;

/** `<ErrorResponse>` as STS writes it. SignatureExpired goes out as SignatureDoesNotMatch, as STS does. */
export function stsError(name: StsErrorName, requestId: string): { status: number; xml: string } {
  const { status, message } = STS_ERRORS[name];
  const code = name === 'SignatureExpired' ? 'SignatureDoesNotMatch' : name;
  return {
    status,
    xml:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>Sender</Type>` +
      `${el('Code', code)}${el('Message', message)}</Error>${el('RequestId', requestId)}</ErrorResponse>`,
  };
}
