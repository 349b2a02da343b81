/**
 * The catalog's reads (issue #11) for one profile: AWS's public SSM parameters (the latest image
 * of each distribution), images by id, and public image search. SSM calls go through the pool's
 * SSM client of the region (src/aws/clients.ts; @aws-sdk/client-ssm is required there on first
 * use, inside dist/aws.js). Every method returns a Result, never throws, and passes the
 * AbortSignal to the SDK.
 */
import { DescribeImagesCommand, paginateDescribeImages, type DescribeImagesCommandInput, type Filter } from '@aws-sdk/client-ec2';
import type * as SsmModule from '@aws-sdk/client-ssm';
import type { AmiImage } from '../model/image';
import { toAmiImage } from '../model/imageMapping';
import { PAGE_SIZE, clampToBounds } from '../model/limits';
import { fail, ok, type Result } from '../model/result';
import { ProfileService } from './serviceBase';
import type { CatalogOperations, Page, PageRequest, PublicImageQuery, PublicParameter } from './types';

/** Names per GetParameters call (SSM's limit). */
export const GET_PARAMETERS_MAX_NAMES = 10;
/** GetParameters calls of one getPublicParameters running at the same time. */
export const GET_PARAMETERS_CONCURRENCY = 3;
/** Parameters per GetParametersByPath page (SSM's limit). */
export const BY_PATH_PAGE_SIZE = 10;
/** A paginator that never ends is a bug on the other side: stop after this many pages. */
export const BY_PATH_MAX_PAGES = 1000;
/** Image ids per DescribeImages `image-id` filter. */
export const IMAGE_ID_CHUNK = 100;
/** Owner aliases the community source leaves out (verified providers have their own sources). */
const VERIFIED_ALIASES: ReadonlySet<string> = new Set(['amazon', 'aws-marketplace']);
const ACCOUNT_ID = /^\d{12}$/;

type SsmParameter = NonNullable<SsmModule.GetParametersCommandOutput['Parameters']>[number];

function toPublicParameter(p: SsmParameter): PublicParameter | undefined {
  if (p.Name === undefined || p.Value === undefined) return undefined;
  const out: PublicParameter = { name: p.Name, value: p.Value };
  if (p.LastModifiedDate instanceof Date && !Number.isNaN(p.LastModifiedDate.getTime())) out.lastModifiedDate = p.LastModifiedDate.toISOString();
  if (typeof p.Version === 'number') out.version = p.Version;
  return out;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `work` over the items with at most `limit` at a time; stops starting new ones once `stop()` says so. */
async function runLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, stop: () => boolean): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export class CatalogService extends ProfileService implements CatalogOperations {
  private ssm(region: string): SsmModule.SSMClient {
    return this.pool.ssm(this.profile, region);
  }

  /** The SSM module, already required by the pool when a client was made. */
  private ssmModule(): typeof SsmModule {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@aws-sdk/client-ssm') as typeof SsmModule;
  }

  /** The typed failure of an SSM error (action "ssm:…", the SSM endpoint named when unreachable). */
  private async ssmFailure<T>(err: unknown, action: string, region: string): Promise<Result<T>> {
    return fail(await this.identity.explain(err, { action: `ssm:${action}`, region, endpoint: this.pool.ssmEndpointFor(region), ...this.withProfile() }, this.profile));
  }

  async getPublicParameters(region: string, names: readonly string[], signal?: AbortSignal): Promise<Result<{ parameters: PublicParameter[]; invalid: string[] }>> {
    if (signal?.aborted) return this.cancelled(region);
    const unique = [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))];
    if (unique.length === 0) return ok({ parameters: [], invalid: [] });
    const client = this.ssm(region);
    const { GetParametersCommand } = this.ssmModule();
    const found = new Map<string, PublicParameter>();
    const invalid = new Set<string>();
    // One failed call fails the whole read: the calls not yet started are not made, those running are aborted.
    const inner = new AbortController();
    const onAbort = (): void => inner.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let failure: unknown;
    try {
      await runLimited(
        chunks(unique, GET_PARAMETERS_MAX_NAMES),
        GET_PARAMETERS_CONCURRENCY,
        async (batch) => {
          try {
            const out = await client.send(new GetParametersCommand({ Names: batch }), { abortSignal: inner.signal });
            for (const p of out.Parameters ?? []) {
              const mapped = toPublicParameter(p);
              if (mapped) found.set(mapped.name, mapped);
            }
            for (const n of out.InvalidParameters ?? []) invalid.add(n);
          } catch (err) {
            if (failure === undefined) failure = err;
            inner.abort();
          }
        },
        () => failure !== undefined || inner.signal.aborted,
      );
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) return this.cancelled(region);
    if (failure !== undefined) return this.ssmFailure(failure, 'GetParameters', region);
    // In the order asked; a name SSM answered neither way counts as invalid.
    const parameters: PublicParameter[] = [];
    const missing: string[] = [];
    for (const name of unique) {
      const p = found.get(name);
      if (p) parameters.push(p);
      else missing.push(name);
    }
    return ok({ parameters, invalid: missing });
  }

  async getParametersByPath(region: string, path: string, signal?: AbortSignal): Promise<Result<PublicParameter[]>> {
    if (signal?.aborted) return this.cancelled(region);
    const trimmed = path.trim();
    if (!trimmed.startsWith('/')) {
      return fail({ kind: 'invalidInput', message: `"${trimmed}" is not a parameter path: it must start with "/".`, nextStep: 'Give a path such as /aws/service/ami-amazon-linux-latest.', region, ...this.withProfile() });
    }
    const { paginateGetParametersByPath } = this.ssmModule();
    const out: PublicParameter[] = [];
    let pages = 0;
    try {
      // SSM may answer a page with no parameters and a NextToken: the paginator follows it.
      const pager = paginateGetParametersByPath({ client: this.ssm(region), pageSize: BY_PATH_PAGE_SIZE, stopOnSameToken: true }, { Path: trimmed, Recursive: true }, { abortSignal: signal });
      for await (const page of pager) {
        for (const p of page.Parameters ?? []) {
          const mapped = toPublicParameter(p);
          if (mapped) out.push(mapped);
        }
        if (++pages >= BY_PATH_MAX_PAGES) {
          return fail({ kind: 'unknown', message: `SSM kept answering pages for ${trimmed} in ${region} (${pages} pages); stopped.`, nextStep: 'Try again later.', action: 'ssm:GetParametersByPath', region, ...this.withProfile() });
        }
      }
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.ssmFailure(err, 'GetParametersByPath', region);
    }
    return ok(out);
  }

  /**
   * DescribeImages with the `image-id` filter (not ImageIds): with a filter, EC2 leaves ids it does
   * not know out of the answer, where ImageIds fails the whole call with InvalidAMIID.NotFound (or
   * .Malformed). IncludeDeprecated: a parameter may still name an image its owner deprecated.
   */
  async describeImagesById(region: string, imageIds: readonly string[], signal?: AbortSignal): Promise<Result<AmiImage[]>> {
    if (signal?.aborted) return this.cancelled(region);
    const unique = [...new Set(imageIds.map((i) => i.trim()).filter((i) => i !== ''))];
    const byId = new Map<string, AmiImage>();
    try {
      for (const batch of chunks(unique, IMAGE_ID_CHUNK)) {
        const input: DescribeImagesCommandInput = { Filters: [{ Name: 'image-id', Values: batch }], IncludeDeprecated: true, MaxResults: PAGE_SIZE.max };
        for await (const page of paginateDescribeImages({ client: this.client(region), stopOnSameToken: true }, input, { abortSignal: signal })) {
          for (const raw of page.Images ?? []) {
            const image = toAmiImage(raw, region);
            if (image) byId.set(image.imageId, image);
          }
        }
      }
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeImages', region);
    }
    return ok(unique.map((id) => byId.get(id)).filter((i): i is AmiImage => i !== undefined));
  }

  async searchPublicImages(region: string, query: PublicImageQuery, page: PageRequest, signal?: AbortSignal): Promise<Result<Page<AmiImage>>> {
    if (signal?.aborted) return this.cancelled(region);
    const pattern = query.namePattern.trim();
    if (pattern === '' || /^[*?\s]*$/.test(pattern)) {
      return fail({
        kind: 'invalidInput',
        message: 'A name pattern is required to search public images: there are hundreds of thousands of them.',
        nextStep: 'Enter part of the image name with wildcards, e.g. *ubuntu*24.04*.',
        region,
        ...this.withProfile(),
      });
    }
    const filters: Filter[] = [
      { Name: 'name', Values: [pattern] },
      { Name: 'is-public', Values: ['true'] },
    ];
    const owner = query.owner?.trim();
    if (owner) filters.push({ Name: ACCOUNT_ID.test(owner) ? 'owner-id' : 'owner-alias', Values: [owner] });
    const architecture = query.architecture?.trim();
    if (architecture) filters.push({ Name: 'architecture', Values: [architecture] });
    const input: DescribeImagesCommandInput = {
      ...(query.source === 'marketplace' ? { Owners: ['aws-marketplace'] } : query.source === 'amazon' ? { Owners: ['amazon'] } : {}),
      Filters: filters,
      MaxResults: clampToBounds(page.pageSize, PAGE_SIZE),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
    try {
      const output = await this.client(region).send(new DescribeImagesCommand(input), { abortSignal: signal });
      let images = (output.Images ?? []).map((i) => toAmiImage(i, region)).filter((i): i is AmiImage => i !== undefined);
      if (query.source === 'community') images = images.filter((i) => i.ownerAlias === undefined || !VERIFIED_ALIASES.has(i.ownerAlias));
      images.sort((a, b) => (b.creationDate ?? '').localeCompare(a.creationDate ?? ''));
      return ok(output.NextToken ? { items: images, nextToken: output.NextToken } : { items: images });
    } catch (err) {
      if (signal?.aborted) return this.cancelled(region);
      return this.failure(err, 'DescribeImages', region);
    }
  }
}
