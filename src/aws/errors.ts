/**
 * Turns anything the SDK, a credential provider or the network throws into an AwsFailure the UI
 * can show with a next step. Nothing here throws; unknown shapes become kind 'unknown'.
 */
import type { AwsFailure } from '../model/result';
import { redact } from './redact';

export interface ErrorContext {
  /** EC2 API action without prefix, e.g. "DescribeImages"; another service's with its prefix, e.g. "ssm:GetParameters". */
  action?: string;
  profile?: string;
  region?: string;
  /** Endpoint the request went to; named when it cannot be reached. */
  endpoint?: string;
}

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $fault?: string;
}

/** Node's and undici's codes for a request that never reached the endpoint: the one list, for codes and messages. */
const NETWORK_CODE_LIST = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
] as const;
const NETWORK_CODES: ReadonlySet<string> = new Set(NETWORK_CODE_LIST);
/** The same codes named inside a message ("connect ECONNREFUSED 127.0.0.1:1"). */
const NETWORK_CODE_IN_MESSAGE = new RegExp(`\\b(${NETWORK_CODE_LIST.join('|')})\\b`);

const ACCESS_DENIED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException', 'UnauthorizedAccess', 'Forbidden']);
const THROTTLED = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
]);
const BAD_CREDENTIALS = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'IncompleteSignature']);
/** The request's date is too far from AWS's clock, or the session token has expired. */
const EXPIRED = new Set(['RequestExpired', 'ExpiredToken', 'ExpiredTokenException']);
const INVALID_INPUT = new Set([
  'InvalidParameterValue',
  'InvalidParameter',
  'InvalidParameterCombination',
  'MissingParameter',
  'ValidationError',
  'InvalidFilter',
  'InvalidPaginationToken',
  'InvalidNextToken',
  'InvalidRequest',
  'UnknownParameter',
]);

// ---- catalog (issue #11): SSM's codes ----
/** SSM's own codes: a parameter that does not exist, a request SSM's validation refused. */
const SSM_NOT_FOUND = new Set(['ParameterNotFound', 'ParameterVersionNotFound']);
const SSM_INVALID_INPUT = new Set(['ValidationException', 'SerializationException', 'InvalidFilterKey', 'InvalidFilterOption', 'InvalidFilterValue']);
/** JSON services' answers to a refused signature (InvalidSignatureException is also the skewed-clock one). */
const SSM_BAD_CREDENTIALS = new Set(['InvalidSignatureException', 'MissingAuthenticationTokenException']);

/** "ec2:DescribeImages" for a bare EC2 action; an action that names its service ("ssm:GetParameters") as it is. */
function qualified(action: string): string {
  return action.includes(':') ? action : `ec2:${action}`;
}

/** The service an action belongs to, for messages: "SSM" for ssm:…, else "EC2". */
function serviceOf(ctx: ErrorContext): string {
  return ctx.action?.startsWith('ssm:') ? 'SSM' : 'EC2';
}

/** Where a service's requests go when no endpoint is known. */
function defaultEndpoint(ctx: ErrorContext): string {
  const svc = serviceOf(ctx).toLowerCase();
  return ctx.region ? `https://${svc}.${ctx.region}.amazonaws.com` : `the ${serviceOf(ctx)} endpoint`;
}
// ---- end catalog (issue #11) ----

/**
 * Connection errors after which a request may have reached EC2 without its answer coming back
 * (reset, broken pipe, hang-up, a socket closed mid-answer), and the error that says so (ResponseLost).
 */
const LOST_RESPONSE = /ECONNRESET|EPIPE|socket hang up|other side closed|terminated|UND_ERR_SOCKET|ResponseLost/i;

/**
 * True when a call may have reached EC2 but no HTTP answer came back: the connection closed after
 * sending (not refused, not aborted by us, not answered). A write may or may not have taken effect.
 */
export function isLostResponse(error: unknown): boolean {
  const err = asErrorLike(error);
  const answered = err.$metadata?.httpStatusCode !== undefined || (err as { $response?: unknown }).$response !== undefined;
  if (answered || err.name === 'AbortError' || err.code === 'ABORT_ERR') return false;
  return LOST_RESPONSE.test(`${err.code ?? ''} ${err.name ?? ''} ${err.message ?? ''}`);
}

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : { message: String(err) };
}

/**
 * EC2 answered with a server error (HTTP 5xx: InternalError, InternalFailure, Unavailable,
 * ServiceUnavailable, or a code it has not documented): a write may or may not have taken effect.
 * Not the 5xx codes that say the call was refused: throttling, and the Insufficient…Capacity ones
 * (EC2 lists those as server errors too).
 */
export function isServerError(error: unknown): boolean {
  const err = asErrorLike(error);
  const status = err.$metadata?.httpStatusCode;
  const code = err.Code ?? err.name ?? '';
  return status !== undefined && status >= 500 && !THROTTLED.has(code) && !/^Insufficient\w*Capacity$/.test(code);
}

/** The error's own code, or that of its cause chain (the SDK wraps some network errors). */
function findNetworkCode(err: ErrorLike, depth = 0): string | undefined {
  if (err.code && NETWORK_CODES.has(err.code)) return err.code;
  const inMessage = NETWORK_CODE_IN_MESSAGE.exec(err.message ?? '');
  if (inMessage) return inMessage[1];
  if (/socket hang up/i.test(err.message ?? '')) return 'ECONNRESET';
  if (err.name === 'TimeoutError' || err.name === 'RequestTimeout') return 'ETIMEDOUT';
  if (depth < 3 && err.cause) return findNetworkCode(asErrorLike(err.cause), depth + 1);
  return undefined;
}

function profileArg(profile: string | undefined): string {
  return profile ? ` --profile ${profile}` : '';
}

function who(ctx: ErrorContext): string {
  return ctx.profile ? `profile "${ctx.profile}"` : 'the default credential chain';
}

function base(kind: AwsFailure['kind'], ctx: ErrorContext, code: string | undefined): Omit<AwsFailure, 'message'> {
  const failure: Omit<AwsFailure, 'message'> = { kind };
  if (ctx.action) failure.action = qualified(ctx.action);
  if (code) failure.code = code;
  if (ctx.profile) failure.profile = ctx.profile;
  if (ctx.region) failure.region = ctx.region;
  return failure;
}

/** How the profile gets its credentials, when known: it decides the next step for rejected ones. */
export type CredentialSource = 'static' | 'sso' | 'assumeRole' | 'process' | 'other';

/**
 * EC2's AuthFailure about the caller (credentials, region), as opposed to the resource-level one
 * ("Not authorized for image …"), which is access denied.
 */
/** The code of a caller-level failure as the service said it (AuthFailure for EC2, UnrecognizedClientException for SSM). */
export function callerAuthCode(error: unknown): string {
  const err = asErrorLike(error);
  return err.Code ?? err.name ?? err.code ?? 'AuthFailure';
}

export function isCallerAuthFailure(error: unknown): boolean {
  const err = asErrorLike(error);
  const code = err.Code ?? err.name ?? err.code;
  if (code === 'UnrecognizedClientException') return true; // SSM's word for it (catalog, issue #11)
  return code === 'AuthFailure' && !/not authori[sz]ed for/i.test(err.message ?? '');
}

function refreshStep(ctx: ErrorContext, source: CredentialSource | undefined): string {
  const p = ctx.profile;
  if (source === 'sso') return `Run \`aws sso login${profileArg(p)}\` and try again.`;
  if (source === 'assumeRole' || source === 'process') {
    return `Refresh the credentials that ${p ? `profile "${p}"` : 'the default chain'} starts from (its source profile's keys or its credential process), then try again.`;
  }
  if (source === 'static') {
    return p
      ? `Replace the keys of profile "${p}" (\`aws configure --profile ${p}\`) with an active access key and its secret, then refresh.`
      : 'Replace the access key and secret in use with an active pair (`aws configure`), then refresh.';
  }
  return p
    ? `Refresh the keys of profile "${p}" (\`aws configure --profile ${p}\`), or run \`aws sso login --profile ${p}\` if it signs in with SSO.`
    : 'Refresh the access keys in use (`aws configure`), or run `aws sso login` if you sign in with SSO.';
}

/** AWS rejected the credentials themselves (STS said so, or the service answered with a credential code). */
export function credentialsRejected(ctx: ErrorContext, code: string | undefined, source?: CredentialSource): AwsFailure {
  return {
    ...base('credentialsRejected', ctx, code),
    message: `AWS rejected the credentials of ${who(ctx)}: the access key is unknown, revoked, or its secret is wrong${code ? ` (${code})` : ''}.`,
    nextStep: refreshStep(ctx, source),
  };
}

/** RequestExpired / ExpiredToken: the clock or the session token, and AWS does not say which. */
export function requestExpired(ctx: ErrorContext, code: string): AwsFailure {
  const p = ctx.profile;
  return {
    ...base('credentialsRejected', ctx, code),
    message: `AWS refused the request of ${who(ctx)} as expired (${code}): either this computer's clock is more than 15 minutes off, or the session token of the credentials has expired.`,
    nextStep: `Check the system clock (time zone and network time sync); if it is right, renew the session: \`aws sso login${profileArg(p)}\` for SSO, or refresh the role's or temporary credentials.`,
  };
}

/** The region is not enabled for the account (STS accepted the credentials; the region is not opted in). */
export function regionNotEnabled(ctx: ErrorContext, code: string | undefined): AwsFailure {
  const region = ctx.region ?? 'this region';
  return {
    ...base('regionNotEnabled', ctx, code),
    message:
      code === 'OptInRequired'
        ? `Region ${region} is not enabled for this account (OptInRequired).`
        : `Region ${region} is not enabled for the account of ${who(ctx)}: ${serviceOf(ctx)} there refused its credentials (${code ?? 'AuthFailure'}), which AWS accepts elsewhere.`,
    nextStep: `Enable ${region} in the AWS console (Account → AWS Regions) or with \`aws account enable-region --region-name ${region}\`, or remove it from the configured regions.`,
  };
}

/** Temporary credentials from the global STS endpoint, used in a region that needs opting in to. */
export function tokenNotValidInRegion(ctx: ErrorContext, code: string | undefined): AwsFailure {
  const region = ctx.region ?? 'this region';
  return {
    ...base('tokenNotValidInRegion', ctx, code),
    message: `${serviceOf(ctx)} in ${region} refused the session token of ${who(ctx)} (${code ?? 'AuthFailure'}): the region is enabled, but temporary credentials from the global STS endpoint (version 1 session tokens) are valid only in regions enabled by default.`,
    nextStep:
      'Get the credentials from a regional STS endpoint (e.g. set `sts_regional_endpoints = regional` in the profile, or AWS_STS_REGIONAL_ENDPOINTS=regional), or have an administrator make the global endpoint issue version 2 tokens (IAM → Account settings → Security Token Service, "Global endpoint": valid in all AWS Regions).',
  };
}

/** AuthFailure in a region that is enabled, for credentials STS accepts: rare, say what is known. */
export function authFailureDespiteValidCredentials(ctx: ErrorContext, code: string): AwsFailure {
  const region = ctx.region ?? 'this region';
  return {
    ...base('unknown', ctx, code),
    message: `${serviceOf(ctx)} in ${region} refused the credentials of ${who(ctx)} (${code}), although AWS STS accepts them and the region is enabled.`,
    nextStep: 'Try again; if it persists, check that the region and the credentials belong to the account you mean.',
  };
}

/** AuthFailure before the credentials could be checked with STS: name both causes. */
function authFailureUndiagnosed(ctx: ErrorContext, code: string): AwsFailure {
  const region = ctx.region ?? 'this region';
  return {
    ...base('unknown', ctx, code),
    message: `${serviceOf(ctx)} in ${region} refused the credentials of ${who(ctx)} (${code}): either the access key is unknown, revoked or its secret is wrong, or the region is not enabled for the account.`,
    nextStep: `${refreshStep(ctx, undefined)} If other regions work, enable ${region} (Account → AWS Regions) or remove it from the configured regions.`,
  };
}

/** True when a credential provider's message is about SSO (token missing, expired, invalid). */
function isSsoMessage(message: string): boolean {
  return /aws sso login|token is expired|cannot refresh|sso session (?:token )?associated with .* (?:invalid|expired|not found)|sso.*token.*(?:expired|invalid|not found)/i.test(message);
}

/** Credential-provider errors: no credentials, SSO needing login, profile missing. */
function credentialFailure(err: ErrorLike, ctx: ErrorContext): AwsFailure {
  const message = redact(err.message ?? '');
  const code = err.name;
  if (isSsoMessage(message)) {
    return {
      ...base('ssoExpired', ctx, code),
      message: `The SSO session for ${who(ctx)} has expired or was never started.`,
      nextStep: `Run \`aws sso login${profileArg(ctx.profile)}\` and try again.`,
    };
  }
  const missingProfile = /Profile (?:'|")?([^'"\s]+)(?:'|")? (?:could not be found|was not found)/i.exec(message);
  if (missingProfile) {
    return {
      ...base('profileNotFound', ctx, code),
      message: `Profile "${missingProfile[1]}" is not in the shared config or credentials file.`,
      nextStep: 'Check the profile name, or add the profile with `aws configure --profile NAME`.',
    };
  }
  if (/multi-factor|mfa/i.test(message)) {
    return {
      ...base('noCredentials', ctx, code),
      message: `${who(ctx)} needs an MFA code, and none was given.`,
      nextStep: 'Select the profile again and enter the MFA code when asked.',
    };
  }
  const detail = message ? ` (${message.replace(/\s+/g, ' ').slice(0, 300)})` : '';
  return {
    ...base('noCredentials', ctx, code),
    message: `No AWS credentials could be loaded for ${who(ctx)}${detail}.`,
    nextStep: ctx.profile
      ? `Check profile "${ctx.profile}" in ~/.aws/config and ~/.aws/credentials, or run \`aws configure${profileArg(ctx.profile)}\`.`
      : 'Configure credentials with `aws configure`, set AWS_PROFILE, or select a profile.',
  };
}

/**
 * EC2's answers to sharing calls, made readable: an entry EC2 refused (bad or unknown account),
 * public sharing blocked or refused, the AWS managed key, a recipient cancelling a share it cannot.
 */
function sharingFailure(code: string | undefined, err: ErrorLike, ctx: ErrorContext): AwsFailure | undefined {
  const raw = redact(err.message?.trim() ?? '');
  const region = ctx.region ?? 'this region';
  if (code === 'InvalidAMIAttributeItemValue') {
    const m = /value "([^"]*)" for (\w+) item type/i.exec(raw);
    const value = m?.[1];
    const type = m?.[2] ?? '';
    const what = /^user/i.test(type) && !/group/i.test(type) ? 'account id' : /organizationalUnit/i.test(type) ? 'OU ARN' : /organization/i.test(type) ? 'organization ARN' : 'entry';
    return {
      ...base('invalidInput', ctx, code),
      message:
        what === 'account id' && value !== undefined
          ? `EC2 refused the account id ${value}: it is not a valid account id, or no AWS account ${value} exists. Nothing was changed.`
          : `EC2 refused the ${what}${value !== undefined ? ` ${value}` : ''} (${raw}). Nothing was changed.`,
      nextStep: `Check the ${what} and try again.`,
    };
  }
  if (ctx.action === 'ModifySnapshotAttribute' && code === 'InvalidParameterValue' && /user ?id/i.test(raw)) {
    const value = /Value \(([^)]*)\)/.exec(raw)?.[1];
    return {
      ...base('invalidInput', ctx, code),
      message: `EC2 refused the account id${value !== undefined ? ` ${value}` : ''} for the snapshot: it is not a valid account id, or no such AWS account exists. The snapshot was not changed.`,
      nextStep: 'Check the account id and try again.',
    };
  }
  if (code === 'OperationNotPermitted' && /block public access/i.test(raw)) {
    return {
      ...base('accessDenied', ctx, code),
      message: `Public sharing of AMIs is blocked in ${region} (block public access for AMIs is on). Nothing was changed.`,
      nextStep: `Lift it with \`aws ec2 disable-image-block-public-access --region ${region}${profileArg(ctx.profile)}\` if your organization allows it, or share with accounts, organizations or OUs instead.`,
    };
  }
  if (code === 'OperationNotPermitted' && /declarative policy/i.test(raw)) {
    return {
      ...base('accessDenied', ctx, code),
      message: `Block public access for AMIs in ${region} is set by a declarative policy of your organization; this account cannot change it.`,
      nextStep: "Ask your organization's administrators.",
    };
  }
  if (code === 'UnsupportedOperation' && /publicly|public/i.test(raw)) {
    return {
      ...base('invalidInput', ctx, code),
      message: `EC2 does not allow this to be public: ${raw} Nothing was changed.`,
      nextStep: 'Images with encrypted volumes or product codes can be shared with accounts, organizations or OUs, not publicly.',
    };
  }
  if (code === 'InvalidParameter' && /AWS Managed (CMK|key)/i.test(raw)) {
    return {
      ...base('invalidInput', ctx, code),
      message: `A snapshot of this image is encrypted with the AWS managed KMS key, which cannot be shared (${raw}). Nothing was changed.`,
      nextStep: 'Copy the image with a customer managed KMS key, grant the recipients use of that key, and share the copy.',
    };
  }
  if (ctx.action === 'CancelImageLaunchPermission' && code === 'InvalidAMIID.NotFound') {
    return {
      ...base('notFound', ctx, code),
      message:
        'EC2 did not remove your account from this image: only an image shared with your account directly can be removed. An image shared through your organization or OU, or a public image, cannot be removed from your account (and EC2 answers as if it did not exist).',
      nextStep: 'Ask the image owner to stop sharing it, or hide it with a filter.',
    };
  }
  if (code === 'UnauthorizedOperation' && ctx.action) {
    return {
      ...base('accessDenied', ctx, code),
      message: `Access denied: ${who(ctx)} is not allowed to call ec2:${ctx.action} in ${region} (the IAM action ec2:${ctx.action} is missing).`,
      nextStep: `Ask an administrator to allow ec2:${ctx.action} for this identity.`,
    };
  }
  return undefined;
}

/** Maps any thrown value to a typed failure. */
export function toFailure(error: unknown, ctx: ErrorContext = {}): AwsFailure {
  const err = asErrorLike(error);
  const name = err.name ?? '';
  const code = err.Code ?? (name && name !== 'Error' ? name : err.code);
  const region = ctx.region ?? 'this region';
  const action = ctx.action ? qualified(ctx.action) : 'this EC2 action';
  const service = serviceOf(ctx);

  const carried = (err as { failure?: AwsFailure }).failure;
  if (name === 'SessionError' && carried) {
    // Already typed by the session (profile missing, file malformed): add where it happened.
    const failure: AwsFailure = { ...carried, message: redact(carried.message) };
    if (carried.nextStep !== undefined) failure.nextStep = redact(carried.nextStep);
    if (ctx.action && !failure.action) failure.action = qualified(ctx.action);
    if (ctx.region && !failure.region) failure.region = ctx.region;
    if (ctx.profile && !failure.profile) failure.profile = ctx.profile;
    return failure;
  }
  if (name === 'AbortError' || err.code === 'ABORT_ERR') {
    return { ...base('cancelled', ctx, undefined), message: 'The operation was cancelled.' };
  }
  if (
    name === 'CredentialsProviderError' ||
    name === 'TokenProviderError' ||
    /Could not load credentials|credential_process|Could not resolve credentials/i.test(err.message ?? '')
  ) {
    return credentialFailure(err, ctx);
  }
  if (name === 'ResponseLost') {
    // A write whose connection closed after sending: it may or may not have taken effect.
    const endpoint = ctx.endpoint ?? defaultEndpoint(ctx);
    return {
      ...base('unreachable', ctx, 'ResponseLost'),
      message: `The connection to ${endpoint} closed before ${service} answered ${action}: the change may or may not have been made.`,
      nextStep: 'Refresh to see the current state before trying again.',
    };
  }
  const sharing = sharingFailure(code, err, ctx);
  if (sharing) return sharing;
  if (code && ACCESS_DENIED.has(code)) {
    return {
      ...base('accessDenied', ctx, code),
      message: `Access denied: ${who(ctx)} is not allowed to call ${action} in ${region}.`,
      nextStep: `Ask an administrator to allow ${action} for this identity.`,
    };
  }
  if (code === 'AuthFailure' && /not authori[sz]ed for/i.test(err.message ?? '')) {
    // Resource-level AuthFailure (e.g. an attribute only the image's owner may read).
    return {
      ...base('accessDenied', ctx, code),
      message: `Access denied: ${who(ctx)} may not use ${action} on this resource (${redact(err.message ?? '').trim()}).`,
      nextStep: 'Only the owner of the resource can do this.',
    };
  }
  if (code === 'OptInRequired') return regionNotEnabled(ctx, code);
  // The service layer asks STS who the caller is to tell these apart (identity.ts); without that answer, say both.
  if (code === 'AuthFailure') return authFailureUndiagnosed(ctx, code);
  // catalog (issue #11): SSM (a JSON service) says InvalidSignatureException for a skewed clock too.
  if (code === 'InvalidSignatureException' && /signature expired/i.test(err.message ?? '')) return requestExpired(ctx, code);
  if (code && SSM_BAD_CREDENTIALS.has(code)) return credentialsRejected(ctx, code);
  if (code && EXPIRED.has(code)) return requestExpired(ctx, code);
  if (code && BAD_CREDENTIALS.has(code)) return credentialsRejected(ctx, code);
  if (code && THROTTLED.has(code)) {
    const attempts = err.$metadata?.attempts;
    return {
      ...base('throttled', ctx, code),
      message: `${service} throttled ${action} in ${region}${attempts ? ` after ${attempts} attempts` : ''}.`,
      nextStep: 'Wait a moment and try again, or raise the maximum retry attempts in the settings.',
    };
  }
  if (code && (code.endsWith('.NotFound') || code.endsWith('.Unavailable') || SSM_NOT_FOUND.has(code))) {
    return {
      ...base('notFound', ctx, code),
      message: redact(err.message?.trim() || `${code}: the resource does not exist in ${region}.`),
      nextStep: 'Refresh the view: it may have been deleted, or it lives in another region or account.',
    };
  }
  if (code && (INVALID_INPUT.has(code) || SSM_INVALID_INPUT.has(code) || code.endsWith('.Malformed') || code.startsWith('Invalid'))) {
    return {
      ...base('invalidInput', ctx, code),
      message: redact(err.message?.trim() || `${service} rejected the request (${code}).`),
      nextStep: 'Check the values you entered.',
    };
  }
  const network = findNetworkCode(err);
  if (network) {
    const endpoint = ctx.endpoint ?? defaultEndpoint(ctx);
    return {
      ...base('unreachable', ctx, network),
      message: `Could not reach ${endpoint} (${network}).`,
      nextStep: 'Check the network connection, proxy and endpoint setting, then try again.',
    };
  }
  const status = err.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) {
    return {
      ...base('unknown', ctx, code),
      message: `${service} answered ${action} in ${region} with a server error (HTTP ${status}${code ? `, ${code}` : ''}).`,
      nextStep: 'Try again later.',
    };
  }
  return {
    ...base('unknown', ctx, code),
    message: redact(err.message?.trim() || `Unexpected error${code ? ` (${code})` : ''}.`),
    nextStep: 'Try again; if it persists, see the AMI Explorer log.',
  };
}
