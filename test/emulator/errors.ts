/**
 * EC2 error codes and the HTTP status EC2 answers them with. The SDK's retry logic reads both
 * (RequestLimitExceeded is a throttling code; 500/503 are transient statuses), so they must match
 * what the real service sends: client errors 400, except AuthFailure (401, as EC2 returns it on
 * the wire), UnauthorizedOperation / OptInRequired / Blocked (403); RequestLimitExceeded 503;
 * InternalError and InsufficientInstanceCapacity (a server error in EC2's list) 500, Unavailable 503;
 * DryRunOperation 412.
 */

const STATUS: Record<string, number> = {
  AuthFailure: 401,
  UnauthorizedOperation: 403,
  OptInRequired: 403,
  Blocked: 403,
  DryRunOperation: 412,
  RequestLimitExceeded: 503,
  InternalError: 500,
  InsufficientInstanceCapacity: 500,
  InternalFailure: 500,
  Unavailable: 503,
  ServiceUnavailable: 503,
};

export function statusForCode(code: string): number {
  return STATUS[code] ?? 400;
}

/** Thrown by operations; the server turns it into the error envelope. */
export class Ec2Error extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'Ec2Error';
    this.code = code;
    this.status = statusForCode(code);
  }
}

export function missingParameter(name: string): Ec2Error {
  return new Ec2Error('MissingParameter', `The request must contain the parameter ${name}`);
}

export function invalidParameterValue(name: string, value: string, why?: string): Ec2Error {
  return new Ec2Error('InvalidParameterValue', `Invalid value '${value}' for ${name}${why ? `. ${why}` : ''}`);
}
