/**
 * Small type guards for checking messages that cross the webview boundary. Used on both sides:
 * the host checks every message from a webview before acting on it; the webview checks what it
 * receives too. No DOM, no vscode, only pure model code: safe in both bundles.
 */
import { IMAGE_ID_RE, isRegionName as isWellFormedRegion } from '../model/format';

export type Guard<T> = (value: unknown) => value is T;
export type Guarded<G> = G extends Guard<infer T> ? T : never;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isString: Guard<string> = (v): v is string => typeof v === 'string';
export const isBoolean: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';
export const isSafeInteger: Guard<number> = (v): v is number => Number.isSafeInteger(v);

/** A string matching `pattern` in full, at most `maxLength` long. */
export function matching(pattern: RegExp, maxLength = 256): Guard<string> {
  return (v): v is string => typeof v === 'string' && v.length <= maxLength && pattern.test(v);
}

export function oneOf<const T extends readonly string[]>(values: T): Guard<T[number]> {
  return (v): v is T[number] => typeof v === 'string' && values.includes(v);
}

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (v): v is T | undefined => v === undefined || guard(v);
}

export function arrayOf<T>(guard: Guard<T>, maxLength = 10_000): Guard<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.length <= maxLength && v.every(guard);
}

/** Keys whose guard accepts undefined become optional properties. */
type Shape<S extends Record<string, Guard<unknown>>> = {
  [K in keyof S as undefined extends Guarded<S[K]> ? never : K]: Guarded<S[K]>;
} & {
  [K in keyof S as undefined extends Guarded<S[K]> ? K : never]?: Guarded<S[K]>;
};

/**
 * An object with exactly these keys (keys whose guard accepts undefined may be absent) and no
 * others: unexpected keys are refused rather than passed along.
 */
export function exactObject<S extends Record<string, Guard<unknown>>>(schema: S): Guard<Shape<S>> {
  return (v): v is Shape<S> => {
    if (!isRecord(v)) return false;
    for (const key of Object.keys(v)) if (!Object.prototype.hasOwnProperty.call(schema, key)) return false;
    for (const [key, guard] of Object.entries(schema)) if (!guard(v[key])) return false;
    return true;
  };
}

/** `{}` and nothing else. */
export const isEmptyObject = exactObject({});

// ---- AWS identifiers, as strict as EC2 itself ----

export const isImageId = matching(IMAGE_ID_RE, 21);
/** The one region check (src/model/format.ts), also used for settings and console URLs. */
export const isRegionName: Guard<string> = isWellFormedRegion;
/** Profile names in the shared config files: no whitespace or brackets. */
export const isProfileName = matching(/^[A-Za-z0-9_.@+:/-]{1,128}$/, 128);

export const isAmiRef = exactObject({ region: isRegionName, imageId: isImageId, profile: optional(isProfileName) });
