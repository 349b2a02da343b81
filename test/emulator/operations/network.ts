/**
 * DescribeVpcs, DescribeSubnets and DescribeSecurityGroups: the caller's own network (the seed
 * gives every account a default VPC per region, seed.ts), by id list or filters, paged with
 * MaxResults 5..1000 and NextToken as EC2 pages them.
 */
import { Ec2Error } from '../errors';
import { compileFilters, type Extractor } from '../filters';
import { filtersParam, listParam, maxResultsParam } from '../params';
import { renderSecurityGroup, renderSubnet, renderVpc } from '../render';
import type { EmuSecurityGroup, EmuSubnet, EmuVpc } from '../types';
import { el, list } from '../xml';
import { makeToken, page, readToken, scanList, type Operation, type OperationContext } from './context';

export function vpcNotFound(id: string): Ec2Error {
  return new Ec2Error('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
}

export function subnetNotFound(id: string): Ec2Error {
  return new Ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
}

export function groupNotFound(id: string): Ec2Error {
  return new Ec2Error('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
}

const VPC_FILTERS: Record<string, Extractor<EmuVpc>> = {
  'vpc-id': (v) => [v.vpcId],
  'is-default': (v) => [String(v.isDefault)],
  'cidr-block': (v) => [v.cidrBlock],
  cidr: (v) => [v.cidrBlock],
  'owner-id': (v) => [v.ownerId],
  state: () => ['available'],
  'tag-key': (v) => v.tags.map((t) => t.key),
};

const SUBNET_FILTERS: Record<string, Extractor<EmuSubnet>> = {
  'subnet-id': (s) => [s.subnetId],
  'vpc-id': (s) => [s.vpcId],
  'availability-zone': (s) => [s.availabilityZone],
  'default-for-az': (s) => [String(s.defaultForAz)],
  'map-public-ip-on-launch': (s) => [String(s.mapPublicIpOnLaunch)],
  'cidr-block': (s) => [s.cidrBlock],
  'owner-id': (s) => [s.ownerId],
  state: () => ['available'],
  'tag-key': (s) => s.tags.map((t) => t.key),
};

const GROUP_FILTERS: Record<string, Extractor<EmuSecurityGroup>> = {
  'group-id': (g) => [g.groupId],
  'group-name': (g) => [g.groupName],
  'vpc-id': (g) => [g.vpcId],
  description: (g) => [g.description],
  'owner-id': (g) => [g.ownerId],
  'tag-key': (g) => g.tags.map((t) => t.key),
};

/** Shared shape of the three: own records, named ids must exist, filters, one page. */
function describe<T extends { ownerId: string; tags: { key: string; value: string }[] }>(
  ctx: OperationContext,
  opts: { all: T[]; idParam: string; idOf: (r: T) => string; notFound: (id: string) => Ec2Error; filters: Record<string, Extractor<T>>; noMaxWithIds?: string },
): { items: T[]; nextToken: string | undefined } {
  const ids = listParam(ctx.params, opts.idParam);
  const max = maxResultsParam(ctx.params, 5, 1000);
  if (ids.length > 0 && max !== undefined && opts.noMaxWithIds) {
    throw new Ec2Error('InvalidParameterCombination', `The parameter ${opts.noMaxWithIds} cannot be used with the parameter maxResults`);
  }
  const filter = compileFilters(filtersParam(ctx.params), opts.filters, (r) => r.tags);
  const mine = opts.all.filter((r) => r.ownerId === ctx.account);
  for (const id of ids) if (!mine.some((r) => opts.idOf(r) === id)) throw opts.notFound(id);
  const wanted = new Set(ids);
  const afterSeq = ctx.params.NextToken !== undefined ? readToken(ctx, ctx.params.NextToken) : 0;
  const result = page(scanList(mine), afterSeq, max ?? 1000, (r) => (wanted.size === 0 || wanted.has(opts.idOf(r))) && filter(r));
  return { items: result.items, nextToken: result.lastSeq === undefined ? undefined : makeToken(ctx, result.lastSeq) };
}

export const describeVpcs: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const r = describe(ctx, { all: ctx.store.vpcs(ctx.region), idParam: 'VpcId', idOf: (v) => v.vpcId, notFound: vpcNotFound, filters: VPC_FILTERS });
    return list('vpcSet', r.items, renderVpc) + el('nextToken', r.nextToken);
  },
};

export const describeSubnets: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const r = describe(ctx, { all: ctx.store.subnets(ctx.region), idParam: 'SubnetId', idOf: (s) => s.subnetId, notFound: subnetNotFound, filters: SUBNET_FILTERS });
    return list('subnetSet', r.items, renderSubnet) + el('nextToken', r.nextToken);
  },
};

export const describeSecurityGroups: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const names = listParam(ctx.params, 'GroupName');
    const all = ctx.store.securityGroups(ctx.region);
    for (const name of names) {
      if (!all.some((g) => g.ownerId === ctx.account && g.groupName === name)) {
        throw new Ec2Error('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC`);
      }
    }
    const r = describe(ctx, {
      all: names.length > 0 ? all.filter((g) => names.includes(g.groupName)) : all,
      idParam: 'GroupId',
      idOf: (g) => g.groupId,
      notFound: groupNotFound,
      filters: GROUP_FILTERS,
      noMaxWithIds: 'groupIdSet',
    });
    return list('securityGroupInfo', r.items, renderSecurityGroup) + el('nextToken', r.nextToken);
  },
};
