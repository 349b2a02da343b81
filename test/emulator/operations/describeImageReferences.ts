/**
 * DescribeImageReferences: what in the caller's account and region refers to the given images —
 * instances (any state but terminated), launch templates (latest 20 versions), SSM parameters and
 * Image Builder recipes. ImageId.N: 1 to 10 ids; IncludeAllResourceTypes or ResourceType.N
 * (one of them is required); MaxResults 5..1000 and NextToken as EC2 pages.
 */
import { Ec2Error, missingParameter } from '../errors';
import { boolParam, indexedParam, listParam, maxResultsParam } from '../params';
import type { EmuImageReference } from '../types';
import { el, list } from '../xml';
import { checkImageId, imageNotFound, canSeeImage, makeToken, readToken, type Operation, type OperationContext } from './context';

const MAX_IDS = 10;
const TYPES = new Set<string>(['ec2:Instance', 'ec2:LaunchTemplate', 'ssm:Parameter', 'imagebuilder:ImageRecipe', 'imagebuilder:ContainerRecipe']);

/** ResourceType.N.ResourceType (the SDK's serialization of ResourceTypes). */
function requestedTypes(ctx: OperationContext): Set<string> {
  const out = new Set<string>();
  for (const entry of indexedParam(ctx.params, 'ResourceType').values()) {
    const value = entry.ResourceType;
    if (value === undefined) continue;
    if (!TYPES.has(value)) throw new Ec2Error('InvalidParameterValue', `Value (${value}) for parameter resourceType is invalid. Valid values: ${[...TYPES].join(', ')}`);
    out.add(value);
  }
  return out;
}

export const describeImageReferences: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const ids = listParam(ctx.params, 'ImageId');
    if (ids.length === 0) throw missingParameter('ImageId');
    if (ids.length > MAX_IDS) throw new Ec2Error('InvalidParameterValue', `The maximum number of image IDs is ${MAX_IDS}, but ${ids.length} were specified.`);
    const all = boolParam(ctx.params, 'IncludeAllResourceTypes') === true;
    const types = requestedTypes(ctx);
    if (!all && types.size === 0) throw new Ec2Error('MissingParameter', 'Either IncludeAllResourceTypes or ResourceTypes must be specified.');
    const max = maxResultsParam(ctx.params, 5, 1000) ?? 1000;
    for (const id of ids) checkImageId(id);
    const missing = ids.filter((id) => {
      const image = ctx.store.getImage(ctx.region, id);
      return !image || !canSeeImage(image, ctx.account);
    });
    if (missing.length > 0) throw imageNotFound(missing);

    const instances = ctx.store.instances(ctx.region).map((instance) => ({ instance, state: ctx.store.instanceState(instance, ctx.now) }));
    const found: EmuImageReference[] = [];
    for (const id of new Set(ids)) {
      for (const ref of ctx.store.references.referencesTo(ctx.region, ctx.account, id, instances)) {
        if (all || types.has(ref.resourceType)) found.push(ref);
      }
    }
    const start = ctx.params.NextToken !== undefined ? readToken(ctx, ctx.params.NextToken) : 0;
    const shown = found.slice(start, start + max);
    const next = start + max < found.length ? makeToken(ctx, start + max) : undefined;
    return list('imageReferenceSet', shown, (r) => el('imageId', r.imageId) + el('resourceType', r.resourceType) + el('arn', r.arn)) + el('nextToken', next);
  },
};
