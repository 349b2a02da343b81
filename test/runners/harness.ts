/**
 * Everything a run inside VS Code needs, started together and closed together: the EC2 emulator
 * (in this process), the control server that lets the editor's tests drive it, a sandbox with
 * settings pointing `amiExplorer.endpoint` at the emulator and fake AWS profiles, and code-server.
 * Used by the in-editor runner (codeServer.ts), the UI tests (test/ui/support) and the demo.
 */
import * as path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { startCodeServer, type CodeServer } from './codeServerProcess';
import { startControlServer, type ControlServer } from './control';
import { TEST_ENV } from './controlProtocol';
import { testResultsDir } from './paths';
import { createSandbox, type Sandbox } from './sandbox';

export interface HarnessOptions {
  /** Names the temp folder and the log file in test-results/. */
  name: string;
  emulator?: EmulatorOptions;
  /** Extra user settings (the endpoint is set by the harness). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** code-server's port; default a free one. */
  port?: number;
}

export interface Harness {
  readonly emulator: Emulator;
  readonly control: ControlServer;
  readonly sandbox: Sandbox;
  readonly server: CodeServer;
  /** Where code-server's output goes. */
  readonly logFile: string;
  close(): Promise<void>;
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async (): Promise<void> => {
    // Reverse order of start; keep going when one step fails so nothing is left running.
    for (const step of cleanups.splice(0).reverse()) {
      try {
        await step();
      } catch (err) {
        console.error(`harness cleanup: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  try {
    const emulator = await startEmulator({ port: 0, ...(opts.emulator ?? {}) });
    cleanups.push(() => emulator.close());
    const control = await startControlServer(emulator);
    cleanups.push(() => control.close());
    const sandbox = createSandbox({
      name: `ami-explorer-${opts.name}`,
      settings: opts.settings ?? {},
      machineSettings: { 'amiExplorer.endpoint': emulator.url },
      env: {
        [TEST_ENV.emulator]: emulator.url,
        [TEST_ENV.control]: control.url,
        [TEST_ENV.artifacts]: testResultsDir,
        ...(opts.env ?? {}),
      },
    });
    cleanups.push(() => sandbox.dispose());
    const logFile = path.join(testResultsDir, `${opts.name}-code-server.log`);
    const server = await startCodeServer({ sandbox, logFile, ...(opts.port !== undefined ? { port: opts.port } : {}) });
    cleanups.push(() => server.close());
    return { emulator, control, sandbox, server, logFile, close };
  } catch (err) {
    await close();
    throw err;
  }
}
