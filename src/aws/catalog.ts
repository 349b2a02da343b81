/**
 * The catalog's reads (issue #11): AWS's public SSM parameters (the latest images of each
 * distribution) and public image search. SKELETON: the contract is in ./types.ts
 * (CatalogOperations); the implementation is being written on the catalog backend branch.
 */
import { fail, type Result } from '../model/result';
import type { AmiImage } from '../model/image';
import { ProfileService } from './serviceBase';
import type { CatalogOperations, Page, PageRequest, PublicImageQuery, PublicParameter } from './types';

export class CatalogService extends ProfileService implements CatalogOperations {
  private notYet<T>(region: string): Promise<Result<T>> {
    return Promise.resolve(fail({ kind: 'unknown', message: 'The catalog is not implemented yet.', region, ...this.withProfile() }));
  }
  getPublicParameters(region: string, _names: readonly string[], _signal?: AbortSignal): Promise<Result<{ parameters: PublicParameter[]; invalid: string[] }>> {
    return this.notYet(region);
  }
  getParametersByPath(region: string, _path: string, _signal?: AbortSignal): Promise<Result<PublicParameter[]>> {
    return this.notYet(region);
  }
  describeImagesById(region: string, _imageIds: readonly string[], _signal?: AbortSignal): Promise<Result<AmiImage[]>> {
    return this.notYet(region);
  }
  searchPublicImages(region: string, _query: PublicImageQuery, _page: PageRequest, _signal?: AbortSignal): Promise<Result<Page<AmiImage>>> {
    return this.notYet(region);
  }
}
