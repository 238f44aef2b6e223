export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/** Reads a server-sent-event stream over real HTTP and collects its events. */
export class SseReader {
  readonly events: SseEvent[] = [];
  private readonly controller = new AbortController();
  private done: Promise<void> | undefined;
  status = 0;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async open(): Promise<this> {
    const res = await fetch(this.url, { headers: { accept: 'text/event-stream', ...this.headers }, signal: this.controller.signal });
    this.status = res.status;
    if (!res.ok || !res.body) return this;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let i: number;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const e: SseEvent = { id: '', event: 'message', data: '' };
            let hasData = false;
            for (const line of block.split('\n')) {
              const [field, ...rest] = line.split(':');
              const v = rest.join(':').replace(/^ /, '');
              if (field === 'id') e.id = v;
              else if (field === 'event') e.event = v;
              else if (field === 'data') {
                e.data += (hasData ? '\n' : '') + v;
                hasData = true;
              }
            }
            if (hasData) this.events.push(e);
          }
        }
      } catch {
        // aborted
      }
    })();
    return this;
  }

  close(): void {
    this.controller.abort();
  }
}
