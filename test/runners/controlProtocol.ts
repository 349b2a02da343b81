/**
 * How code inside the editor under test reaches the runner: environment variables (code-server's
 * extension host inherits the server's environment; @vscode/test-electron passes
 * extensionTestsEnv) and the routes of the runner's control server (control.ts). Shared by the
 * runner and test/integration/support, so it imports nothing at runtime.
 */

export const TEST_ENV = {
  /** URL of the EC2 emulator the editor's settings point at. */
  emulator: 'AMI_EXPLORER_TEST_EMULATOR',
  /** URL of the runner's control server (fault injection, store access, request log). */
  control: 'AMI_EXPLORER_TEST_CONTROL',
  /** Path of the SuiteResult JSON the in-editor suite writes. */
  results: 'AMI_EXPLORER_TEST_RESULTS',
  /** Optional mocha --grep for the in-editor suite. */
  grep: 'AMI_EXPLORER_TEST_GREP',
  /** When set, every reporter line is prefixed with it so the runner can pick them out of the workbench log. */
  logPrefix: 'AMI_EXPLORER_TEST_LOG_PREFIX',
  /** Folder for screenshots and other artifacts (test-results/). */
  artifacts: 'AMI_EXPLORER_TEST_ARTIFACTS',
} as const;

/** The line prefix the code-server runner asks for. */
export const SUITE_LOG_PREFIX = '[ami-suite] ';

/**
 * Routes:
 *   POST   /faults/<method>   body: JSON array of arguments → { result }
 *   POST   /store/<method>    body: JSON array of arguments → { result }   (EmulatorStore methods)
 *   GET    /requests          → { result: RequestLogEntry[] }  (every EC2 call the emulator received)
 *   DELETE /requests          clears that log
 *   POST   /reseed            store back to the fresh seed, faults and request log cleared
 *   GET    /info              → { result: { emulatorUrl } }
 * Errors answer 4xx/5xx with { error }.
 */
export interface ControlReply {
  result?: unknown;
  error?: string;
}
