/** Typed outcomes of AWS calls, shown by the UI with the next step to take. Pure: no vscode, no SDK. */

export type AwsErrorKind =
  | 'noCredentials' // no credentials anywhere in the chain
  | 'profileNotFound' // the named profile is in neither file
  | 'configMalformed' // the shared config/credentials file cannot be parsed
  | 'ssoExpired' // SSO token missing or expired: run `aws sso login --profile NAME`
  | 'accessDenied' // IAM denies the action (UnauthorizedOperation, AccessDenied...)
  | 'regionNotEnabled' // OptInRequired, or AuthFailure from a region the account has not opted in to
  | 'credentialsRejected' // AWS refused the credentials: unknown or revoked key, wrong secret, expired token or request
  | 'tokenNotValidInRegion' // a version 1 session token (global STS endpoint) used in an opt-in region
  | 'throttled' // RequestLimitExceeded / Throttling after the SDK's retries
  | 'unreachable' // endpoint refused, DNS failure, timeout, connection reset
  | 'subscriptionRequired' // OptInRequired on RunInstances of an AWS Marketplace image: subscribe to the product first
  | 'notFound' // InvalidAMIID.NotFound and friends
  | 'invalidInput' // InvalidParameterValue, Malformed ids, MissingParameter
  | 'cancelled' // the user cancelled the operation
  | 'unknown';

export interface AwsFailure {
  kind: AwsErrorKind;
  /** One sentence a person can read: what went wrong. Never holds credentials. */
  message: string;
  /** What to do next, e.g. "Run `aws sso login --profile dev`". */
  nextStep?: string;
  /** The EC2 action that failed, e.g. "ec2:DescribeImages". */
  action?: string;
  /** The service's error code, e.g. "UnauthorizedOperation". */
  code?: string;
  profile?: string;
  region?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AwsFailure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: AwsFailure): Result<T> {
  return { ok: false, error };
}

/**
 * "Access denied to ec2:DescribeImages. Ask an administrator to allow it." EC2's own messages often
 * end without a full stop ("The key pair 'k' does not exist"): one is added before the next step,
 * so the two read as two sentences.
 */
export function describeFailure(f: AwsFailure): string {
  if (!f.nextStep) return f.message;
  const message = f.message.trimEnd();
  if (message === '') return f.nextStep;
  return `${message}${/[.!?:;…]$/.test(message) ? '' : '.'} ${f.nextStep}`;
}
