/**
 * DescribeSnapshots: SnapshotId.N, Owner.N (self, amazon, account ids), RestorableBy.N (self,
 * all, account ids), Filters, MaxResults (5..1000, not with SnapshotIds) / NextToken. A snapshot is
 * visible to its owner and to accounts with create-volume permission (or everyone when public).
 */
import { Ec2Error } from '../errors';
import { compileSnapshotFilters } from '../filters';
import { filtersParam, listParam, maxResultsParam } from '../params';
import { renderSnapshot } from '../render';
import type { EmuSnapshot } from '../types';
import { el } from '../xml';
import { canSeeSnapshot, checkSnapshotId, grants, makeToken, page, readToken, snapshotNotFound, type Operation, type OperationContext } from './context';

const ACCOUNT_ID = /^\d{12}$/;

export const describeSnapshots: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const p = ctx.params;
    const ids = listParam(p, 'SnapshotId');
    const owners = listParam(p, 'Owner');
    const restorable = listParam(p, 'RestorableBy');
    const filters = compileSnapshotFilters(filtersParam(p));
    const maxResults = maxResultsParam(p, 5, 1000);
    if (ids.length > 0 && maxResults !== undefined) {
      throw new Ec2Error('InvalidParameterCombination', 'The parameter snapshotIdsSet cannot be used with the parameter maxResults');
    }
    for (const id of ids) checkSnapshotId(id);
    for (const o of owners) {
      if (o !== 'self' && o !== 'amazon' && o !== 'aws-marketplace' && !ACCOUNT_ID.test(o)) throw new Ec2Error('InvalidUserID.Malformed', `Invalid user id: '${o}'`);
    }
    for (const r of restorable) {
      if (r !== 'self' && r !== 'all' && !ACCOUNT_ID.test(r)) throw new Ec2Error('InvalidUserID.Malformed', `Invalid user id: '${r}'`);
    }

    const ownerIds = new Set(owners.filter((o) => ACCOUNT_ID.test(o)));
    if (owners.includes('self')) ownerIds.add(ctx.account);
    const ownerAliases = new Set<string>(owners.filter((o) => o === 'amazon' || o === 'aws-marketplace'));
    const restorableIds = new Set(restorable.filter((r) => ACCOUNT_ID.test(r)));
    if (restorable.includes('self')) restorableIds.add(ctx.account);
    const restorableAll = restorable.includes('all');

    const shown = (s: EmuSnapshot): boolean => {
      if (!canSeeSnapshot(s, ctx.account)) return false;
      if (owners.length > 0 && !ownerIds.has(s.ownerId) && !(s.ownerAlias !== undefined && ownerAliases.has(s.ownerAlias))) return false;
      if (restorable.length > 0) {
        const ok =
          (restorableAll && s.createVolumePermissions.some((x) => x.group === 'all')) ||
          [...restorableIds].some((id) => s.ownerId === id || grants(s.createVolumePermissions, id, { includePublic: false, includeOrgs: false }));
        if (!ok) return false;
      }
      return filters(s);
    };

    if (ids.length > 0) {
      const found: EmuSnapshot[] = [];
      for (const id of new Set(ids)) {
        const s = ctx.store.getSnapshot(ctx.region, id);
        if (!s || !canSeeSnapshot(s, ctx.account)) throw snapshotNotFound(id);
        if (shown(s)) found.push(s);
      }
      return render(found, undefined);
    }
    const nextToken = p.NextToken;
    const afterSeq = nextToken !== undefined ? readToken(ctx, nextToken) : 0;
    const limit = maxResults ?? (nextToken !== undefined ? 1000 : Number.MAX_SAFE_INTEGER);
    const result = page<EmuSnapshot>((after, visit) => ctx.store.scanSnapshots(ctx.region, after, visit), afterSeq, limit, shown);
    return render(result.items, result.lastSeq === undefined ? undefined : makeToken(ctx, result.lastSeq));
  },
};

function render(snapshots: EmuSnapshot[], nextToken: string | undefined): string {
  let out = '<snapshotSet>';
  for (const s of snapshots) out += `<item>${renderSnapshot(s)}</item>`;
  out += '</snapshotSet>';
  if (nextToken !== undefined) out += el('nextToken', nextToken);
  return out;
}
