/**
 * DescribeRegions: the enabled regions by default; every region with AllRegions=true; RegionName.N
 * and the filters region-name, endpoint and opt-in-status.
 */
import { Ec2Error } from '../errors';
import { wildcardToRegExp } from '../filters';
import { boolParam, filtersParam, listParam } from '../params';
import type { EmuRegion } from '../types';
import { el } from '../xml';
import type { Operation, OperationContext } from './context';

const REGION_FILTERS: Record<string, (r: EmuRegion) => string> = {
  'region-name': (r) => r.regionName,
  endpoint: (r) => endpointOf(r.regionName),
  'opt-in-status': (r) => r.optInStatus,
};

function endpointOf(region: string): string {
  return `ec2.${region}.amazonaws.com`;
}

export const describeRegions: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const names = listParam(ctx.params, 'RegionName');
    const all = boolParam(ctx.params, 'AllRegions') ?? false;
    const filters = filtersParam(ctx.params).map((f) => {
      const get = REGION_FILTERS[f.name];
      if (!get) throw new Ec2Error('InvalidParameterValue', `The filter '${f.name}' is invalid`);
      const patterns = f.values.map(wildcardToRegExp);
      return (r: EmuRegion) => patterns.some((p) => p.test(get(r)));
    });
    const regions = ctx.store.regions();
    const unknown = names.filter((n) => !regions.some((r) => r.regionName === n));
    if (unknown.length > 0) throw new Ec2Error('InvalidParameterValue', `Invalid region: ${unknown.join(', ')}`);
    const selected = regions.filter((r) => {
      if (names.length > 0) {
        if (!names.includes(r.regionName)) return false;
      } else if (!all && r.optInStatus === 'not-opted-in') return false;
      return filters.every((f) => f(r));
    });
    let out = '<regionInfo>';
    for (const r of selected) {
      out += `<item>${el('regionName', r.regionName)}${el('regionEndpoint', endpointOf(r.regionName))}${el('optInStatus', r.optInStatus)}</item>`;
    }
    return `${out}</regionInfo>`;
  },
};
