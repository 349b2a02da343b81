/**
 * Small object helpers shared by the mapping from the SDK and the JSON views. Pure: no vscode, no SDK.
 */

/** `value` without its undefined members (a copy), so models compare and serialize cleanly. */
export function compact<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** "SnapshotId" → "snapshotId": the view model's name of an EC2 member. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** "snapshotId" → "SnapshotId": the EC2 member of a view-model name. */
export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Shared strings for values that repeat across images (regions, owners, architectures, device
 * names, volume types, tag keys…): every image mapped while a value is in the table points at one
 * string instead of its own copy. The table is bounded: when full it starts over, which costs only
 * the sharing of values seen before (no string is lost; nothing grows without limit).
 */
const INTERN_LIMIT = 20_000;
let interned = new Map<string, string>();

export function intern(value: string): string {
  const hit = interned.get(value);
  if (hit !== undefined) return hit;
  if (interned.size >= INTERN_LIMIT) interned = new Map();
  interned.set(value, value);
  return value;
}
