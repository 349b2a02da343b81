/**
 * CreateTags and DeleteTags on images and snapshots. Only the owner may tag (the emulator does not
 * model EC2's per-account tags on shared AMIs). All resources are checked before any is changed,
 * so a failing call changes nothing.
 */
import { Ec2Error, missingParameter } from '../errors';
import { listParam, tagsParam } from '../params';
import type { EmuTag } from '../types';
import { canSeeImage, canSeeSnapshot, checkImageId, checkSnapshotId, imageNotFound, snapshotNotFound, type Operation, type OperationContext } from './context';

const MAX_TAGS = 50;

/** The tag lists of the named resources, after checking ids, existence and ownership. */
function resolveResources(ctx: OperationContext): EmuTag[][] {
  const ids = listParam(ctx.params, 'ResourceId');
  if (ids.length === 0) throw missingParameter('ResourceId');
  const out: EmuTag[][] = [];
  for (const id of ids) {
    if (id.startsWith('ami-')) {
      checkImageId(id);
      const image = ctx.store.getImage(ctx.region, id);
      if (!image || !canSeeImage(image, ctx.account)) throw imageNotFound([id]);
      if (image.ownerId !== ctx.account) throw new Ec2Error('UnauthorizedOperation', `You are not authorized to perform this operation. User: ${ctx.account} is not the owner of resource ${id}`);
      out.push(image.tags);
    } else if (id.startsWith('snap-')) {
      checkSnapshotId(id);
      const snapshot = ctx.store.getSnapshot(ctx.region, id);
      if (!snapshot || !canSeeSnapshot(snapshot, ctx.account)) throw snapshotNotFound(id);
      if (snapshot.ownerId !== ctx.account) throw new Ec2Error('UnauthorizedOperation', `You are not authorized to perform this operation. User: ${ctx.account} is not the owner of resource ${id}`);
      out.push(snapshot.tags);
    } else {
      throw new Ec2Error('InvalidID', `The ID '${id}' is not valid`);
    }
  }
  return out;
}

/** Characters as EC2 counts them: Unicode code points, not UTF-16 units. */
function chars(text: string): number {
  return [...text].length;
}

function checkKey(key: string): void {
  if (key.length === 0 || chars(key) > 128) throw new Ec2Error('InvalidParameterValue', `Tag key must be between 1 and 128 characters: '${key}'`);
  if (key.toLowerCase().startsWith('aws:')) throw new Ec2Error('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
}

export const createTags: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const tags = tagsParam(ctx.params);
    if (tags.length === 0) throw missingParameter('Tag');
    for (const t of tags) {
      checkKey(t.key);
      if (chars(t.value ?? '') > 256) throw new Ec2Error('InvalidParameterValue', `Tag value exceeds the maximum length of 256 characters for key '${t.key}'`);
    }
    const targets = resolveResources(ctx);
    for (const list of targets) {
      // Reserved (aws:) tags do not count against the limit.
      const keys = new Set(list.map((t) => t.key).filter((k) => !k.toLowerCase().startsWith('aws:')));
      for (const t of tags) keys.add(t.key);
      if (keys.size > MAX_TAGS) throw new Ec2Error('TagLimitExceeded', `The maximum number of tags (${MAX_TAGS}) per resource has been reached`);
    }
    for (const list of targets) {
      for (const t of tags) {
        const value = t.value ?? '';
        const existing = list.find((x) => x.key === t.key);
        if (existing) existing.value = value;
        else list.push({ key: t.key, value });
      }
    }
    return '<return>true</return>';
  },
};

export const deleteTags: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const tags = tagsParam(ctx.params);
    for (const t of tags) if (t.key.toLowerCase().startsWith('aws:')) checkKey(t.key);
    const targets = resolveResources(ctx);
    for (const list of targets) {
      const keep = list.filter((x) => {
        if (x.key.toLowerCase().startsWith('aws:')) return true;
        // No Tag.N at all: delete every (user) tag. A value given: delete only on an exact match.
        if (tags.length === 0) return false;
        return !tags.some((t) => t.key === x.key && (t.value === undefined || t.value === x.value));
      });
      list.splice(0, list.length, ...keep);
    }
    return '<return>true</return>';
  },
};
