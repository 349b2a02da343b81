/**
 * DescribeInstanceTypes (InstanceType.N, a few filters, MaxResults 5..100, NextToken) and
 * DescribeInstanceTypeOfferings (LocationType region | availability-zone, filters location and
 * instance-type, MaxResults 5..1000, NextToken) over the catalogue in ../instanceTypes.ts.
 */
import { Ec2Error } from '../errors';
import { compileFilters, type Extractor } from '../filters';
import { findInstanceType, INSTANCE_TYPES, offeredIn } from '../instanceTypes';
import { filtersParam, listParam, maxResultsParam } from '../params';
import { renderInstanceType } from '../render';
import type { EmuInstanceType } from '../types';
import { el, list } from '../xml';
import { makeToken, page, readToken, scanList, type Operation, type OperationContext } from './context';

const TYPE_FILTERS: Record<string, Extractor<EmuInstanceType>> = {
  'instance-type': (t) => [t.instanceType],
  'current-generation': (t) => [String(t.currentGeneration)],
  'free-tier-eligible': (t) => [String(t.freeTierEligible)],
  'processor-info.supported-architecture': (t) => t.architectures,
  'supported-boot-mode': (t) => t.bootModes,
  'supported-virtualization-type': (t) => t.virtualizationTypes,
  'network-info.ena-support': (t) => [t.enaSupport],
  'bare-metal': (t) => [String(t.bareMetal)],
  hypervisor: (t) => [t.hypervisor],
  'vcpu-info.default-vcpus': (t) => [String(t.vCpus)],
  'memory-info.size-in-mib': (t) => [String(t.memoryMiB)],
};

/** One page of `items` with a token bound to the query when more follow. */
function paged<T>(ctx: OperationContext, items: readonly T[], max: number, matches: (item: T) => boolean): { items: T[]; nextToken: string | undefined } {
  const afterSeq = ctx.params.NextToken !== undefined ? readToken(ctx, ctx.params.NextToken) : 0;
  const result = page(scanList(items), afterSeq, max, matches);
  return { items: result.items, nextToken: result.lastSeq === undefined ? undefined : makeToken(ctx, result.lastSeq) };
}

export const describeInstanceTypes: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const names = listParam(ctx.params, 'InstanceType');
    const unknown = names.filter((n) => !findInstanceType(n));
    if (unknown.length > 0) throw new Ec2Error('InvalidInstanceType', `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
    const filter = compileFilters(filtersParam(ctx.params), TYPE_FILTERS);
    const max = maxResultsParam(ctx.params, 5, 100) ?? 100;
    const wanted = new Set(names);
    const result = paged(ctx, INSTANCE_TYPES, max, (t) => (wanted.size === 0 || wanted.has(t.instanceType)) && filter(t));
    return list('instanceTypeSet', result.items, renderInstanceType) + el('nextToken', result.nextToken);
  },
};

interface Offering {
  instanceType: string;
  locationType: string;
  location: string;
}

const OFFERING_FILTERS: Record<string, Extractor<Offering>> = {
  location: (o) => [o.location],
  'instance-type': (o) => [o.instanceType],
};

export const describeInstanceTypeOfferings: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const locationType = ctx.params.LocationType ?? 'region';
    if (locationType !== 'region' && locationType !== 'availability-zone') {
      throw new Ec2Error('InvalidParameterValue', `The value '${locationType}' is not valid for LocationType. The emulator takes region or availability-zone.`);
    }
    const filter = compileFilters(filtersParam(ctx.params), OFFERING_FILTERS);
    const max = maxResultsParam(ctx.params, 5, 1000) ?? 1000;
    const offerings: Offering[] = [];
    if (locationType === 'region') {
      for (const t of INSTANCE_TYPES) offerings.push({ instanceType: t.instanceType, locationType, location: ctx.region });
    } else {
      const zones = ctx.store.zones(ctx.region);
      for (const zone of zones) {
        for (const t of INSTANCE_TYPES) if (offeredIn(t.instanceType, zone, zones)) offerings.push({ instanceType: t.instanceType, locationType, location: zone });
      }
    }
    const result = paged(ctx, offerings, max, filter);
    return (
      list('instanceTypeOfferingSet', result.items, (o) => el('instanceType', o.instanceType) + el('locationType', o.locationType) + el('location', o.location)) +
      el('nextToken', result.nextToken)
    );
  },
};
