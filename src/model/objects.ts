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
