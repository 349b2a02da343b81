/**
 * The counts a suite hands back to scripts/test.mjs, which totals them into the final
 * `N passed, N failed` line. Written as JSON to the path in AMI_EXPLORER_TEST_RESULTS by the
 * counting reporter (plain Node suites) and by the in-editor entry point (inside VS Code).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SuiteFailure {
  title: string;
  error: string;
}

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  failures: SuiteFailure[];
  /** Of the passed tests, those that check the test harness or the EC2 emulator, not the product. */
  harness?: number;
}

/**
 * Whether a test file checks the harness or the emulator rather than the product, decided by
 * where it lives (README, "the test table"): test/unit/emulator/ and test/unit/runners/, and
 * the harness smoke files test/integration/smoke.test.* and test/ui/smoke.test.*.
 */
export function checksHarness(file: string | undefined): boolean {
  if (!file) return false;
  const f = file.split(path.sep).join('/');
  return /(^|\/)test\/unit\/(emulator|runners)\//.test(f) || /(^|\/)test\/(integration|ui)\/smoke\.test\.[jt]s$/.test(f);
}

/** Environment variable naming the JSON file a suite writes its SuiteResult to. */
export const RESULTS_ENV = 'AMI_EXPLORER_TEST_RESULTS';

export function writeSuiteResult(file: string, result: SuiteResult): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(result, null, 2));
}

/** The result in the file, or undefined when the suite never wrote one (it crashed or hung). */
export function readSuiteResult(file: string): SuiteResult | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SuiteResult>;
    if (typeof parsed.passed !== 'number' || typeof parsed.failed !== 'number') return undefined;
    return { passed: parsed.passed, failed: parsed.failed, pending: parsed.pending ?? 0, failures: parsed.failures ?? [], ...(typeof parsed.harness === 'number' ? { harness: parsed.harness } : {}) };
  } catch {
    return undefined;
  }
}
