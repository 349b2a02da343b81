/**
 * Mocha's spec output plus a SuiteResult file, so one run both reads well in a log and gives
 * scripts/test.mjs exact counts. Use as `--reporter out/test/runners/countingReporter.js` with
 * AMI_EXPLORER_TEST_RESULTS set; the in-editor entry point uses it too.
 */
import Mocha from 'mocha';
import { RESULTS_ENV, checksHarness, writeSuiteResult, type SuiteFailure } from './suiteResult';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let harness = 0;
    let pending = 0;
    const failures: SuiteFailure[] = [];
    runner.on(EVENT_TEST_PASS, (test: Mocha.Runnable) => {
      passed++;
      if (checksHarness(test.file)) harness++;
    });
    runner.on(EVENT_TEST_PENDING, () => pending++);
    // Failed hooks arrive here too: a broken before() counts as one failure, not zero tests.
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable, err: unknown) => {
      failures.push({ title: test.fullTitle(), error: describeError(err) });
    });
    runner.once(EVENT_RUN_END, () => {
      const file = (options?.reporterOptions as Record<string, unknown> | undefined)?.resultsFile ?? process.env[RESULTS_ENV];
      if (typeof file === 'string' && file) writeSuiteResult(file, { passed, failed: failures.length, pending, failures, harness });
    });
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) return (err.stack ?? `${err.name}: ${err.message}`).split('\n').slice(0, 6).join('\n');
  return String(err);
}

export = CountingReporter;
