import { createServer, Server } from 'node:http';

/** A local HTTP server standing in for a Slack incoming webhook: records every JSON body it receives. */
export class WebhookRecorder {
  readonly received: unknown[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        try {
          this.received.push(JSON.parse(body));
        } catch {
          this.received.push(body);
        }
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}/services/T000/B000/hook`;
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }
}
