/**
 * The in-editor test entry point: VS Code's extension host calls run() (extensionTestsPath), both
 * under code-server (test/runners/codeServer.ts) and under @vscode/test-electron
 * (test/runners/electron.ts). It runs every out/test/integration/**\/*.test.js with mocha (BDD),
 * prints spec output and writes the counts to AMI_EXPLORER_TEST_RESULTS when set.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/commands/ids';
import CountingReporter from '../runners/countingReporter';
import { TEST_ENV } from '../runners/controlProtocol';
import { emulator } from './support/emulator';

/** Compiled test files under this folder, support/ excluded, in a stable order. */
export function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js') && !f.split(path.sep).includes('support'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  const prefix = process.env[TEST_ENV.logPrefix];
  if (prefix) {
    // The runner picks our lines out of everything the workbench logs by this prefix.
    Mocha.reporters.Base.consoleLog = (...args: unknown[]): void => console.log(prefix + format(...args));
  }
  const resultsFile = process.env[TEST_ENV.results];
  const grep = process.env[TEST_ENV.grep];
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    // A committed `.only` would silently skip every other test: fail the run instead.
    forbidOnly: true,
    reporter: CountingReporter,
    reporterOptions: resultsFile ? { resultsFile } : {},
    ...(grep ? { grep } : {}),
  });
  for (const file of findTestFiles(__dirname)) mocha.addFile(file);
  // Every suite starts from the freshly seeded emulator: after each top-level suite (its own
  // after hooks first) the store is seeded again and the view re-read, so no suite depends on the
  // images another one created, deregistered, tagged or binned, nor on the order of the files.
  const hooked = new Set<Mocha.Suite>();
  mocha.suite.on(Mocha.Suite.constants.EVENT_FILE_POST_REQUIRE, () => {
    for (const suite of mocha.suite.suites) {
      if (hooked.has(suite)) continue;
      hooked.add(suite);
      suite.afterAll('fresh emulator for the next suite', async () => {
        await emulator.reseed();
        await vscode.commands.executeCommand(COMMAND_IDS.refreshView);
      });
    }
  });

  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-editor test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
