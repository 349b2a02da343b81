/**
 * Starts and stops one code-server (VS Code's workbench + Node extension host) for a sandbox.
 * It runs in its own process group so stopping it also ends its extension host, file watcher and
 * pty host; nothing is left behind after close().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onExit } from './exitCleanup';
import { codeServerBin } from './paths';
import type { Sandbox } from './sandbox';

export interface CodeServer {
  /** http://127.0.0.1:PORT (no trailing slash) */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The last lines code-server printed, for error messages. */
  recentOutput(): string;
  close(): Promise<void>;
}

export interface CodeServerOptions {
  sandbox: Sandbox;
  /** 0 / undefined: a free port. */
  port?: number;
  /** Appends code-server's output here. */
  logFile?: string;
  /** A folder to open when the URL names none (the demo's workspace). */
  openFolder?: string;
  /** Give up waiting for "HTTP server listening" after this long (default 60 s). */
  startTimeoutMs?: number;
  /**
   * Require this password (code-server's `--auth password`, given through `$PASSWORD` so it never
   * shows in the process list). Without it the workbench is open to anyone who can reach the port
   * (`--auth none`): only for test runs that end on their own, never for the long-lived demo.
   */
  password?: string;
}

/** A password for code-server: 144 random bits from the OS's CSPRNG, URL-safe base64 (24 characters). */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** The command line and environment code-server starts with (pure, so the auth choice is unit-tested). */
export function codeServerLaunch(opts: CodeServerOptions): { args: string[]; env: NodeJS.ProcessEnv } {
  const { sandbox } = opts;
  if (opts.password !== undefined && opts.password.length < 16) throw new Error('the code-server password must be at least 16 characters');
  const env: NodeJS.ProcessEnv = { ...sandbox.env };
  // An inherited HASHED_PASSWORD would win over $PASSWORD; an inherited PASSWORD must not leak into a --auth none run.
  delete env['HASHED_PASSWORD'];
  delete env['PASSWORD'];
  if (opts.password !== undefined) env['PASSWORD'] = opts.password;
  const args = [
    '--auth', opts.password !== undefined ? 'password' : 'none',
    '--bind-addr', `127.0.0.1:${opts.port ?? 0}`,
    '--config', sandbox.codeServerConfigFile,
    '--user-data-dir', sandbox.userDataDir,
    '--extensions-dir', sandbox.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--locale', 'en',
    ...(opts.openFolder ? [opts.openFolder] : []),
  ];
  return { args, env };
}

const LISTENING = /HTTP server listening on (http:\/\/[^\s/]+)\/?/;

/** The launcher scripts/installCodeServer.mjs installs; fails with the fix when it is missing. */
export function requireCodeServer(): string {
  if (!fs.existsSync(codeServerBin)) {
    throw new Error(`code-server is not installed (${codeServerBin}); run: node scripts/installCodeServer.mjs`);
  }
  return codeServerBin;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const bin = requireCodeServer();
  const { sandbox } = opts;
  const { args, env } = codeServerLaunch(opts);
  const child = spawn(bin, args, {
    cwd: sandbox.workspaceDir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('code-server did not start');
  const pid = child.pid;
  const forget = onExit(() => process.kill(-pid, 'SIGKILL'));

  const tail: string[] = [];
  if (opts.logFile) fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  let onLine: ((line: string) => void) | undefined;
  let partial = '';
  const collect = (chunk: Buffer): void => {
    log?.write(chunk);
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      onLine?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const recentOutput = (): string => tail.join('\n');

  const stop = async (): Promise<void> => {
    await killGroup(child, pid, exited);
    forget();
    log?.end();
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start listening in time:\n${recentOutput()}`)), opts.startTimeoutMs ?? 60_000);
      onLine = (line) => {
        const m = LISTENING.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${recentOutput()}`));
      });
    });
    onLine = undefined;
    return { url, port: Number(new URL(url).port), pid, recentOutput, close: stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** SIGTERM to the whole group, SIGKILL if it is still there after a grace period. */
async function killGroup(child: ChildProcess, pid: number, exited: Promise<void>): Promise<void> {
  const signalGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      // the group is gone already
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), delay(5000).then(() => true)]);
    if (timedOut) signalGroup('SIGKILL');
  }
  // Helpers (extension host, watchers) may outlive the server process by a moment.
  signalGroup('SIGKILL');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
