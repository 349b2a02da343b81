/**
 * DescribeInstances (InstanceId.N, filters such as client-token, instance-state-name and
 * image-id, MaxResults 5..1000 not together with InstanceId.N, NextToken; instances grouped by
 * reservation in reservationSet) and TerminateInstances (shutting-down, then terminated after the
 * store's instanceTiming.shuttingDownMs). States are computed from the clock at each call.
 */
import { Ec2Error, missingParameter } from '../errors';
import { compileFilters, type Extractor } from '../filters';
import { filtersParam, listParam, maxResultsParam } from '../params';
import { renderInstance, renderInstanceStateChange } from '../render';
import type { EmuInstance } from '../types';
import { el, list } from '../xml';
import { makeToken, page, readToken, type Operation, type OperationContext } from './context';

const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

function instancesNotFound(ids: string[]): Ec2Error {
  return ids.length === 1
    ? new Ec2Error('InvalidInstanceID.NotFound', `The instance ID '${ids[0]}' does not exist`)
    : new Ec2Error('InvalidInstanceID.NotFound', `The instance IDs '${ids.join(', ')}' do not exist`);
}

/** The caller's instances named by id: Malformed / NotFound as EC2 answers. */
function requireInstances(ctx: OperationContext, ids: string[]): EmuInstance[] {
  for (const id of ids) if (!INSTANCE_ID.test(id)) throw new Ec2Error('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
  const found: EmuInstance[] = [];
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const instance = ctx.store.getInstance(ctx.region, id);
    if (!instance || instance.ownerId !== ctx.account) missing.push(id);
    else found.push(instance);
  }
  if (missing.length > 0) throw instancesNotFound(missing);
  return found;
}

export const describeInstances: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const ids = listParam(ctx.params, 'InstanceId');
    const max = maxResultsParam(ctx.params, 5, 1000);
    if (ids.length > 0 && max !== undefined) throw new Ec2Error('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
    const stateOf = (i: EmuInstance): string => ctx.store.instanceState(i, ctx.now);
    const known: Record<string, Extractor<EmuInstance>> = {
      'client-token': (i) => [i.clientToken],
      'instance-state-name': (i) => [stateOf(i)],
      'instance-state-code': (i) => [String({ pending: 0, running: 16, 'shutting-down': 32, terminated: 48 }[stateOf(i)] ?? '')],
      'image-id': (i) => [i.imageId],
      'instance-id': (i) => [i.instanceId],
      'instance-type': (i) => [i.instanceType],
      'reservation-id': (i) => [i.reservationId],
      'subnet-id': (i) => [i.subnetId],
      'vpc-id': (i) => [i.vpcId],
      'key-name': (i) => [i.keyName],
      'availability-zone': (i) => [i.availabilityZone],
      'private-ip-address': (i) => [i.privateIpAddress],
      'ip-address': (i) => [i.publicIpAddress],
      'tag-key': (i) => i.tags.map((t) => t.key),
    };
    const filter = compileFilters(filtersParam(ctx.params), known, (i) => i.tags);
    let shown: EmuInstance[];
    let nextToken: string | undefined;
    if (ids.length > 0) {
      shown = requireInstances(ctx, ids).filter(filter);
    } else {
      const afterSeq = ctx.params.NextToken !== undefined ? readToken(ctx, ctx.params.NextToken) : 0;
      const result = page<EmuInstance>((after, visit) => ctx.store.scanInstances(ctx.region, after, visit), afterSeq, max ?? 1000, (i) => i.ownerId === ctx.account && filter(i));
      shown = result.items;
      nextToken = result.lastSeq === undefined ? undefined : makeToken(ctx, result.lastSeq);
    }
    const reservations = new Map<string, EmuInstance[]>();
    for (const i of shown) {
      const group = reservations.get(i.reservationId) ?? [];
      group.push(i);
      reservations.set(i.reservationId, group);
    }
    return (
      list(
        'reservationSet',
        [...reservations.entries()],
        ([reservationId, instances]) =>
          el('reservationId', reservationId) +
          el('ownerId', ctx.account) +
          '<groupSet/>' +
          list('instancesSet', instances, (i) => renderInstance(i, stateOf(i))),
      ) + el('nextToken', nextToken)
    );
  },
};

export const terminateInstances: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const ids = listParam(ctx.params, 'InstanceId');
    if (ids.length === 0) throw missingParameter('InstanceId');
    const instances = requireInstances(ctx, ids);
    const changes: string[] = [];
    for (const i of instances) {
      const previous = ctx.store.instanceState(i, ctx.now);
      if (i.terminatedAt === undefined) i.terminatedAt = ctx.now + ctx.store.instanceTiming.shuttingDownMs;
      changes.push(renderInstanceStateChange(i.instanceId, ctx.store.instanceState(i, ctx.now), previous));
    }
    return list('instancesSet', changes, (c) => c);
  },
};
