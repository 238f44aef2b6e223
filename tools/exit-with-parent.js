// Preloaded into service processes that npm start or a test spawns: when the parent dies without
// stopping them (killed, crashed), their stdin pipe closes and they shut down like on SIGTERM
// instead of living on as orphans.
if (!process.stdin.isTTY) {
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.on('error', () => undefined);
  process.stdin.resume();
}
