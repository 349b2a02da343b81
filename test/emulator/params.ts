/**
 * Reading EC2 Query parameters: flattened lists (`Owner.1`, `Owner.2`), filters
 * (`Filter.1.Name`, `Filter.1.Value.1`), booleans and integers, with EC2's errors for bad input.
 */
import { Ec2Error, invalidParameterValue, missingParameter } from './errors';

export type Params = Record<string, string>;

export interface Filter {
  name: string;
  values: string[];
}

/**
 * Structured list members: `Prefix.N.rest` → N → { rest: value }, in index order
 * (`BlockDeviceMapping.1.Ebs.VolumeSize` → 1 → { 'Ebs.VolumeSize': … }).
 */
export function indexedParam(params: Params, prefix: string): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  const head = `${prefix}.`;
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith(head)) continue;
    const m = /^(\d+)\.(.+)$/.exec(key.slice(head.length));
    if (!m) continue;
    const n = Number(m[1]);
    const entry = out.get(n) ?? {};
    entry[m[2] as string] = value;
    out.set(n, entry);
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}

/** Values of `Name.1`, `Name.2`, … in index order (gaps allowed, as EC2 allows). */
export function listParam(params: Params, name: string): string[] {
  const found: [number, string][] = [];
  const prefix = `${name}.`;
  for (const key of Object.keys(params)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    if (!/^\d+$/.test(rest)) continue;
    found.push([Number(rest), params[key] as string]);
  }
  found.sort((a, b) => a[0] - b[0]);
  return found.map(([, v]) => v);
}

/** `Filter.N.Name` / `Filter.N.Value.M`. */
export function filtersParam(params: Params): Filter[] {
  const byIndex = new Map<number, { name?: string; values: [number, string][] }>();
  for (const key of Object.keys(params)) {
    const m = /^Filter\.(\d+)\.(Name|Value\.(\d+))$/.exec(key);
    if (!m) continue;
    const idx = Number(m[1]);
    let entry = byIndex.get(idx);
    if (!entry) {
      entry = { values: [] };
      byIndex.set(idx, entry);
    }
    if (m[2] === 'Name') entry.name = params[key] as string;
    else entry.values.push([Number(m[3]), params[key] as string]);
  }
  const out: Filter[] = [];
  for (const idx of [...byIndex.keys()].sort((a, b) => a - b)) {
    const entry = byIndex.get(idx) as { name?: string; values: [number, string][] };
    if (entry.name === undefined || entry.name === '') throw missingParameter(`Filter.${idx}.Name`);
    entry.values.sort((a, b) => a[0] - b[0]);
    out.push({ name: entry.name, values: entry.values.map(([, v]) => v) });
  }
  return out;
}

/** `Tag.N.Key` / `Tag.N.Value` (CreateTags, DeleteTags). Value undefined when absent. */
export function tagsParam(params: Params): { key: string; value: string | undefined; index: number }[] {
  const byIndex = new Map<number, { key?: string; value?: string }>();
  for (const key of Object.keys(params)) {
    const m = /^Tag\.(\d+)\.(Key|Value)$/.exec(key);
    if (!m) continue;
    const idx = Number(m[1]);
    const entry = byIndex.get(idx) ?? {};
    if (m[2] === 'Key') entry.key = params[key] as string;
    else entry.value = params[key] as string;
    byIndex.set(idx, entry);
  }
  return [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, e]) => {
      if (e.key === undefined) throw missingParameter(`Tag.${index}.Key`);
      return { key: e.key, value: e.value, index };
    });
}

export function requiredParam(params: Params, name: string): string {
  const v = params[name];
  if (v === undefined || v === '') throw missingParameter(name);
  return v;
}

export function boolParam(params: Params, name: string): boolean | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw invalidParameterValue(name, v, 'Expected a boolean');
}

export function intParam(params: Params, name: string): number | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidParameterValue(name, v, 'Expected an integer');
  return Number(v);
}

/** MaxResults within [min, max] or InvalidParameterValue, the message EC2 gives. */
export function maxResultsParam(params: Params, min: number, max: number): number | undefined {
  const n = intParam(params, 'MaxResults');
  if (n === undefined) return undefined;
  if (n < min || n > max) {
    throw new Ec2Error('InvalidParameterValue', `Value ( ${n} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`);
  }
  return n;
}

/** One structured permission entry as sent (`Prefix.N.UserId`, `.Group`, `.OrganizationArn`, `.OrganizationalUnitArn`). */
export interface PermissionParam {
  index: number;
  userId?: string;
  group?: string;
  organizationArn?: string;
  organizationalUnitArn?: string;
}

const PERMISSION_FIELDS: Record<string, keyof Omit<PermissionParam, 'index'>> = {
  UserId: 'userId',
  Group: 'group',
  OrganizationArn: 'organizationArn',
  OrganizationalUnitArn: 'organizationalUnitArn',
};

/** `LaunchPermission.Add.N.*` / `CreateVolumePermission.Remove.N.*` (prefix without the trailing dot), in index order. */
export function permissionListParam(params: Params, prefix: string): PermissionParam[] {
  const byIndex = new Map<number, PermissionParam>();
  const head = `${prefix}.`;
  for (const key of Object.keys(params)) {
    if (!key.startsWith(head)) continue;
    const m = /^(\d+)\.(\w+)$/.exec(key.slice(head.length));
    if (!m) continue;
    const field = Object.prototype.hasOwnProperty.call(PERMISSION_FIELDS, m[2] as string) ? PERMISSION_FIELDS[m[2] as string] : undefined;
    if (!field) throw new Ec2Error('UnknownParameter', `The parameter ${key} is not recognized`);
    const index = Number(m[1]);
    const entry = byIndex.get(index) ?? { index };
    entry[field] = params[key] as string;
    byIndex.set(index, entry);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}
