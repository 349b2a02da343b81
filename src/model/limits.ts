/**
 * Bounds and defaults of the numeric settings, in one place for both sides: config.ts clamps the
 * settings with them and the service layer (aws/clients.ts, aws/images.ts) falls back to the same
 * defaults when it is called without a value. package.json's setting defaults must equal these
 * (test/unit/model/limits.test.ts checks it). Pure: no vscode, no SDK.
 */

export interface IntBounds {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/**
 * `value` brought into `bounds`: a whole number from min to max, the default when it is not a finite
 * number. The one clamp for settings and for page sizes; each operation passes its own range
 * (DescribeImages: PAGE_SIZE; SSM GetParametersByPath would pass { min: 1, max: 10, default: 10 }).
 */
export function clampToBounds(value: unknown, bounds: IntBounds): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return bounds.default;
  return Math.min(bounds.max, Math.max(bounds.min, Math.floor(value)));
}

/** Images per DescribeImages page: EC2 takes 5..1000. */
export const PAGE_SIZE = { min: 5, max: 1000, default: 50 } as const satisfies IntBounds;
/**
 * Regions loading at the same time; 0 (the default) = no cap, every region at once. Regions are
 * independent endpoints, each with its own request throttling, so a cap only limits connections.
 */
export const CONCURRENCY = { min: 0, max: 64, default: 0 } as const satisfies IntBounds;
/** SDK retry attempts per call (adaptive mode). */
export const ATTEMPTS = { min: 1, max: 10, default: 3 } as const satisfies IntBounds;
