/**
 * A background pass run at most once at a time: on a timer, and at once when woken (a pass already running
 * runs again right after). A pass that reports more work is followed immediately by the next.
 */
export class PollLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly pass: () => Promise<{ more: boolean }>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(delayMs = this.intervalMs): void {
    this.schedule(delayMs);
  }

  /** Waits for a running pass; no pass starts afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  kick(): void {
    this.tick();
  }

  kickSoon(delayMs: number): void {
    if (!this.stopped) setTimeout(() => this.tick(), delayMs).unref();
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref();
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .then(({ more }) => {
        if (more) this.again = true;
      })
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        const soon = this.again;
        this.again = false;
        this.schedule(soon ? 0 : this.intervalMs);
      });
  }
}
