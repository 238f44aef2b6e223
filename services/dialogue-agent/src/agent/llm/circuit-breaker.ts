/** Opens after `failures` consecutive failures; after `openMs` lets one trial call through (half-open). */
export class CircuitBreaker {
  private consecutive = 0;
  private openedAt = 0;
  private trial = false;

  constructor(
    private readonly failures: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half_open' {
    if (this.consecutive < this.failures) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half_open' : 'open';
  }

  /** True when a call may go to the model now. */
  allow(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'half_open' && !this.trial) {
      this.trial = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.consecutive = 0;
    this.trial = false;
  }

  failure(): void {
    this.consecutive++;
    this.trial = false;
    if (this.consecutive >= this.failures) this.openedAt = this.now();
  }
}
