/**
 * Last-resort cleanup when a run is interrupted (Ctrl-C, a timeout's SIGTERM) or exits without
 * closing what it started: code-server runs in its own process group and session, so it would
 * otherwise outlive us, and temp folders would pile up. Tasks must be synchronous.
 */
const tasks = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const task of [...tasks]) {
    try {
      task();
    } catch {
      // keep going: the other tasks matter more than this one's error
    }
  }
  tasks.clear();
}

/** Registers a task for process exit; call the returned function once it is done normally. */
export function onExit(task: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
    const signals: [NodeJS.Signals, number][] = [
      ['SIGINT', 130],
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ];
    for (const [signal, code] of signals) {
      process.on(signal, () => {
        runAll();
        process.exit(code);
      });
    }
  }
  tasks.add(task);
  return () => {
    tasks.delete(task);
  };
}
