import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { DialogueV1, ServiceProtos } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { freePort, startTestService, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const TENANT = 'embeddings-shop';
const F = DialogueV1.KnowledgeFormat;

/** Words that mean the same thing share a dimension: a tiny semantic model with deterministic vectors. */
const CONCEPTS: string[][] = [
  ['parcel', 'parcels', 'package', 'packages', 'order', 'box'],
  ['courier', 'couriers', 'bring', 'brings', 'come', 'arrive', 'arrives', 'delivered'],
  ['days', 'two', 'fast', 'quickly', 'soon', 'long'],
  ['grind', 'grinder', 'grinding', 'burr', 'mill'],
  ['clean', 'cleaning', 'wash', 'descale'],
];
const DIMS = 16;
function embed(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    const c = CONCEPTS.findIndex((group) => group.includes(w));
    if (c >= 0) v[c] += 1;
    else v[CONCEPTS.length + ([...w].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7) % (DIMS - CONCEPTS.length))] += 0.15;
  }
  return v;
}

/** An OpenAI-compatible /v1/embeddings endpoint speaking the real wire format (float or base64), recording requests. */
class FakeEmbeddingsServer {
  readonly requests: Array<{ authorization: string; model: string; inputs: string[] }> = [];
  failing = false;
  private server: Server | undefined;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const send = (code: number, body: unknown) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || !req.url?.endsWith('/embeddings')) return send(404, { error: { message: 'unknown route', type: 'invalid_request_error' } });
      if (this.failing) return send(503, { error: { message: 'overloaded', type: 'server_error' } });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string | string[]; encoding_format?: string };
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      this.requests.push({ authorization: String(req.headers.authorization ?? ''), model: body.model, inputs });
      const data = inputs.map((text, index) => {
        const vector = embed(text);
        const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
        return { object: 'embedding', index, embedding };
      });
      send(200, { object: 'list', data, model: body.model, usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

describe('knowledge embeddings through an OpenAI-compatible endpoint (optional layer)', () => {
  let fake: FakeEmbeddingsServer;
  let service: TestService;
  let dialogue: UnaryClient<DialogueV1.DialogueServiceClient>;

  beforeAll(async () => {
    fake = await new FakeEmbeddingsServer().start();
    service = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: testTopicPrefix('kb-embed'), IDENTITY_GRPC_ADDR: `127.0.0.1:${await freePort()}`,
      KNOWLEDGE_EMBEDDING_MODEL: 'test-embed-1', OPENAI_API_KEY: 'sk-test-embeddings', OPENAI_BASE_URL: fake.baseUrl,
    });
    dialogue = service.client<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue);
    await dialogue.ingestKnowledge({
      tenantId: TENANT, title: 'Shipping', format: F.KNOWLEDGE_FORMAT_MARKDOWN, language: 'en', source: 'shipping.md',
      content: '# Shipping\n\nOur couriers bring parcels within two days.\n\n# Care\n\nDescale the machine every month.',
    });
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it('embeds chunks at ingest with the configured model and key', () => {
    expect(fake.requests[0]).toMatchObject({ authorization: 'Bearer sk-test-embeddings', model: 'test-embed-1' });
    expect(fake.requests[0].inputs).toEqual(['Shipping\nOur couriers bring parcels within two days.', 'Care\nDescale the machine every month.']);
  });

  it('finds a paraphrase that full-text search alone misses', async () => {
    const r = await dialogue.searchKnowledge({ tenantId: TENANT, query: 'how soon will my package come?', limit: 3, language: '', minScore: 0 });
    expect(r.found).toBe(true);
    expect(r.chunks[0]).toMatchObject({ title: 'Shipping', text: 'Our couriers bring parcels within two days.' });
    // The same query without the semantic layer: Postgres full-text search has no word in common.
    const lexicalOnly = await service.app.get(DataSource).query(
      `SELECT count(*)::int AS n FROM knowledge_chunks WHERE tenant_id = $1 AND tsv @@ (to_tsquery('english', 'soon | package | come'))`, [TENANT]);
    expect(lexicalOnly[0].n).toBe(0);
  });

  it('falls back to full-text search when the endpoint fails, and ingest still works', async () => {
    fake.failing = true;
    const ingested = await dialogue.ingestKnowledge({ tenantId: TENANT, title: 'Grinders', format: F.KNOWLEDGE_FORMAT_TEXT, content: 'Burr grinders give an even grind.', language: 'en', source: 'grinders.txt' });
    expect(ingested.chunkCount).toBe(1);
    const r = await dialogue.searchKnowledge({ tenantId: TENANT, query: 'burr grinder', limit: 3, language: '', minScore: 0 });
    expect(r.chunks[0].text).toBe('Burr grinders give an even grind.');
    fake.failing = false;
  }, 60_000);
});
