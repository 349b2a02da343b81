/**
 * A throw-away home for one VS Code run: user data (settings), extensions, a workspace folder and
 * AWS config/credentials files with fake keys, plus the environment to start code-server with.
 * The real AWS_* variables are stripped so nothing can reach a real account or read real keys.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ACCOUNT, EXAMPLE_KEY, OTHER_ACCOUNT, OTHER_KEY } from '../emulator/accounts';
import { onExit } from './exitCleanup';

/**
 * The fake profiles every run gets: keys from the emulator's table (it checks signatures), so
 * `default` is DEFAULT_ACCOUNT and `other` OTHER_ACCOUNT; accountId is written as aws_account_id.
 */
export const TEST_PROFILES = {
  default: { ...EXAMPLE_KEY, accountId: DEFAULT_ACCOUNT },
  other: { ...OTHER_KEY, accountId: OTHER_ACCOUNT },
} as const;

export interface SandboxOptions {
  /** Prefix of the temp folder's name. */
  name: string;
  /** Extra user settings on top of the harness defaults. */
  settings?: Record<string, unknown>;
  /**
   * Machine-scoped settings (like `amiExplorer.endpoint`). Written to both User/settings.json
   * (a desktop window reads them there) and Machine/settings.json: code-server's workbench is a
   * remote window, which takes machine-scoped values only from the remote (Machine) settings;
   * from User/settings.json it keeps them only until that file is first re-read.
   */
  machineSettings?: Record<string, unknown>;
  /** Region written into the profiles' config (default us-east-1). */
  region?: string;
  /** Extra environment variables for code-server and its extension host. */
  env?: Record<string, string>;
}

export interface Sandbox {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly workspaceDir: string;
  readonly awsConfigFile: string;
  readonly awsCredentialsFile: string;
  /** code-server's own config file (kept out of ~/.config). */
  readonly codeServerConfigFile: string;
  /** Environment for code-server; its extension host inherits it. */
  readonly env: NodeJS.ProcessEnv;
  /** Merges settings into User/settings.json (VS Code picks changes up while running). */
  updateUserSettings(settings: Record<string, unknown>): void;
  readUserSettings(): Record<string, unknown>;
  /** Merges machine-scoped settings into both files (see SandboxOptions.machineSettings). */
  updateMachineSettings(settings: Record<string, unknown>): void;
  dispose(): void;
}

/** Settings every harness run starts with: quiet, trusted, no telemetry, no update checks. */
export const BASE_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'chat.disableAIFeatures': true,
};

export function createSandbox(opts: SandboxOptions): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `${opts.name}-`));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const workspaceDir = path.join(root, 'workspace');
  const awsDir = path.join(root, 'aws');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, workspaceDir, awsDir]) fs.mkdirSync(d, { recursive: true });

  const region = opts.region ?? 'us-east-1';
  const awsConfigFile = path.join(awsDir, 'config');
  const awsCredentialsFile = path.join(awsDir, 'credentials');
  fs.writeFileSync(awsConfigFile, `[default]\nregion = ${region}\n\n[profile other]\nregion = ${region}\n`);
  fs.writeFileSync(
    awsCredentialsFile,
    Object.entries(TEST_PROFILES)
      .map(([name, p]) => `[${name}]\naws_access_key_id = ${p.accessKeyId}\naws_secret_access_key = ${p.secretAccessKey}\naws_account_id = ${p.accountId}\n`)
      .join('\n'),
  );
  const codeServerConfigFile = path.join(root, 'code-server.yaml');
  fs.writeFileSync(codeServerConfigFile, 'auth: none\ncert: false\n');
  fs.writeFileSync(path.join(workspaceDir, 'README.md'), '# AMI Explorer test workspace\n');

  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const machineFile = path.join(userDataDir, 'Machine', 'settings.json');
  fs.mkdirSync(path.dirname(machineFile), { recursive: true });
  fs.writeFileSync(machineFile, JSON.stringify(opts.machineSettings ?? {}, null, 2));
  const readMachineSettings = (): Record<string, unknown> => JSON.parse(fs.readFileSync(machineFile, 'utf8')) as Record<string, unknown>;
  const readUserSettings = (): Record<string, unknown> => JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  const writeSettings = (s: Record<string, unknown>): void => fs.writeFileSync(settingsFile, JSON.stringify(s, null, 2));
  writeSettings({ ...BASE_SETTINGS, ...(opts.machineSettings ?? {}), ...(opts.settings ?? {}) });

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Real credentials, profiles, regions and endpoints must not leak into the editor under test;
    // VSCODE_* from an enclosing editor would confuse code-server's CLI.
    if (k.startsWith('AWS_') || k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') continue;
    env[k] = v;
  }
  Object.assign(env, {
    AWS_CONFIG_FILE: awsConfigFile,
    AWS_SHARED_CREDENTIALS_FILE: awsCredentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(opts.env ?? {}),
  });

  let disposed = false;
  const remove = (): void => fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  const forget = onExit(remove);
  return {
    root,
    userDataDir,
    extensionsDir,
    workspaceDir,
    awsConfigFile,
    awsCredentialsFile,
    codeServerConfigFile,
    env,
    updateUserSettings: (s) => writeSettings({ ...readUserSettings(), ...s }),
    readUserSettings,
    updateMachineSettings: (s) => {
      fs.writeFileSync(machineFile, JSON.stringify({ ...readMachineSettings(), ...s }, null, 2));
      writeSettings({ ...readUserSettings(), ...s });
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      forget();
      remove();
    },
  };
}
