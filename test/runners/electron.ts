/**
 * The same in-editor suite under desktop VS Code, through @vscode/test-electron (`npm run
 * test:electron`). It downloads VS Code, so it needs internet: for desktops, not for CI here
 * (CI uses codeServer.ts). The emulator, control server and fake AWS profiles are set up exactly
 * as for code-server; the editor gets them through extensionTestsEnv and a user-data folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { startEmulator } from '../emulator';
import { startControlServer } from './control';
import { TEST_ENV } from './controlProtocol';
import { integrationIndex, repoRoot, testResultsDir } from './paths';
import { createSandbox } from './sandbox';
import { readSuiteResult } from './suiteResult';

async function main(): Promise<number> {
  const emulator = await startEmulator({ port: 0 });
  const control = await startControlServer(emulator);
  const resultsFile = path.join(testResultsDir, 'in-editor-electron.json');
  fs.rmSync(resultsFile, { force: true });
  const sandbox = createSandbox({
    name: 'ami-explorer-electron',
    machineSettings: { 'amiExplorer.endpoint': emulator.url },
    env: {
      [TEST_ENV.emulator]: emulator.url,
      [TEST_ENV.control]: control.url,
      [TEST_ENV.results]: resultsFile,
      [TEST_ENV.artifacts]: testResultsDir,
    },
  });
  try {
    const grep = process.env[TEST_ENV.grep];
    const exitCode = await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: integrationIndex,
      // The fake AWS files instead of the real AWS_* variables (a key set to undefined is
      // removed from the editor's environment).
      extensionTestsEnv: {
        ...Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AWS_')).map((k) => [k, undefined])),
        ...pick(sandbox.env, [
          'AWS_CONFIG_FILE',
          'AWS_SHARED_CREDENTIALS_FILE',
          'AWS_EC2_METADATA_DISABLED',
          TEST_ENV.emulator,
          TEST_ENV.control,
          TEST_ENV.results,
          TEST_ENV.artifacts,
        ]),
        ...(grep ? { [TEST_ENV.grep]: grep } : {}),
      },
      launchArgs: [
        sandbox.workspaceDir,
        `--user-data-dir=${sandbox.userDataDir}`,
        `--extensions-dir=${sandbox.extensionsDir}`,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    }).catch((err: unknown) => {
      // runTests rejects when the editor exits non-zero, i.e. when a test failed.
      if (err instanceof TestRunFailedError) return err.code ?? 1;
      throw err;
    });
    const r = readSuiteResult(resultsFile);
    console.log(r ? `in-editor suite (electron): ${r.passed} passed, ${r.failed} failed, ${r.pending} pending` : 'in-editor suite (electron): no results');
    return exitCode;
  } finally {
    await control.close();
    await emulator.close();
    sandbox.dispose();
  }
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = env[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
