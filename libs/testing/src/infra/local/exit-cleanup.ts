/**
 * Makes sure locally launched servers do not outlive this process: on exit they get a signal
 * synchronously; on SIGINT/SIGTERM/SIGHUP, when nobody else handles the signal, they are stopped
 * gracefully and the process exits as the signal would have made it.
 */
export interface Cleanup {
  /** Synchronous last resort, run from the 'exit' event. */
  kill(): void;
  stop(): Promise<void>;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
const STOP_CAP_MS = 30_000;
const active = new Set<Cleanup>();
let shuttingDown = false;

function onExit(): void {
  for (const c of active) {
    try {
      c.kill();
    } catch {
      // best effort while exiting
    }
  }
}

function onSignal(sig: NodeJS.Signals): void {
  // Another handler owns shutdown (e.g. a CLI or a service runner); the exit hook still covers us.
  if (process.listenerCount(sig) > 1) return;
  const code = 128 + (SIGNAL_NUMBERS[sig] ?? 0);
  if (shuttingDown) {
    onExit();
    process.exit(code);
  }
  shuttingDown = true;
  const cap = setTimeout(() => process.exit(code), STOP_CAP_MS);
  void Promise.allSettled([...active].map((c) => c.stop())).then(() => {
    clearTimeout(cap);
    process.exit(code);
  });
}

function install(): void {
  process.on('exit', onExit);
  for (const sig of SIGNALS) process.on(sig, onSignal);
}

function uninstall(): void {
  process.removeListener('exit', onExit);
  for (const sig of SIGNALS) process.removeListener(sig, onSignal);
}

/** Registers a launched server; call the returned function once it has been stopped. */
export function registerCleanup(cleanup: Cleanup): () => void {
  if (active.size === 0) install();
  active.add(cleanup);
  return () => {
    if (active.delete(cleanup) && active.size === 0) uninstall();
  };
}
