/**
 * What every per-profile service of the layer shares: the EC2 client of a region, the profile for
 * failures, and the typed failure of an SDK error (an AuthFailure about the caller is diagnosed
 * with STS first, identity.ts). Each service adds its own operations on top.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { fail, type Result } from '../model/result';
import type { ClientPool } from './clients';
import type { CallerIdentity } from './identity';

export abstract class ProfileService {
  constructor(
    readonly profile: string | undefined,
    protected readonly pool: ClientPool,
    protected readonly identity: CallerIdentity,
  ) {}

  protected client(region: string): EC2Client {
    return this.pool.get(this.profile, region);
  }

  protected withProfile(): { profile?: string } {
    return this.profile ? { profile: this.profile } : {};
  }

  /** A `cancelled` failure: the signal was aborted before or while the call ran. */
  protected cancelled<T>(region: string, message = 'The operation was cancelled.'): Result<T> {
    return fail({ kind: 'cancelled', message, region, ...this.withProfile() });
  }

  /** The typed failure of an SDK error for `action` in `region`. */
  protected async failure<T>(err: unknown, action: string, region: string): Promise<Result<T>> {
    return fail(await this.identity.explain(err, { action, region, endpoint: this.pool.endpointFor(region), ...this.withProfile() }, this.profile));
  }
}
