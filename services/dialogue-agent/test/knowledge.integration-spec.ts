import { status } from '@grpc/grpc-js';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { DialogueV1, ServiceProtos } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { freePort, startTestService, TEST_INTERNAL_API_KEY, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';
import { SearchKnowledgeUseCase } from '../src/knowledge/use-cases/search-knowledge/search-knowledge.use-case';

const TENANT = 'knowledge-shop';
const F = DialogueV1.KnowledgeFormat;
const FIXTURES = path.join(__dirname, 'fixtures/knowledge');
const ROOT = path.resolve(__dirname, '../../..');

/** Runs the real CLI (npm run import:knowledge) as a child process. */
function importCli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'tools/register.js'), path.join(ROOT, 'services/dialogue-agent/cli/import-knowledge.ts'), ...args], {
      cwd: ROOT, env: { ...process.env, INTERNAL_API_KEY: TEST_INTERNAL_API_KEY },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('knowledge base (real Postgres full-text search, gRPC, the import CLI)', () => {
  let service: TestService;
  let dialogue: UnaryClient<DialogueV1.DialogueServiceClient>;
  const search = (query: string, language = '', tenantId = TENANT) => dialogue.searchKnowledge({ tenantId, query, limit: 3, language, minScore: 0 });

  beforeAll(async () => {
    service = await startTestService(AppModule, SERVICE, { KAFKA_TOPIC_PREFIX: testTopicPrefix('knowledge'), IDENTITY_GRPC_ADDR: `127.0.0.1:${await freePort()}` });
    dialogue = service.client<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue);
  }, 120_000);

  afterAll(async () => {
    await service?.close();
  });

  it('imports Markdown, HTML, text, FAQ CSV and a golden transcript with the CLI, with progress', async () => {
    const { code, out } = await importCli([FIXTURES, '--tenant', TENANT, '--grpc', service.grpcAddress]);
    expect(out).toMatch(/knowledge import: 5 file\(s\) → tenant "knowledge-shop"/);
    expect(out).toMatch(/\[1\/5\] .*delivery\.html: 2 chunk\(s\), document [0-9a-f-]{36}/);
    expect(out).toMatch(/\[4\/5\] .*returns-policy\.md: 3 chunk\(s\)/);
    expect(out).toMatch(/knowledge import done in [\d.]+ s: 5 imported, 0 failed, 11 chunks/);
    expect(code).toBe(0);
  }, 60_000);

  it('answers policy questions from the right document with chunk ids, scores, source and format', async () => {
    const returns = await search('Can I send back shoes I did not wear?');
    expect(returns.found).toBe(true);
    expect(returns.chunks[0]).toMatchObject({ title: 'Returns and refunds › Returning an item', source: 'services/dialogue-agent/test/fixtures/knowledge/returns-policy.md', format: F.KNOWLEDGE_FORMAT_MARKDOWN });
    expect(returns.chunks[0].chunkId).toMatch(/^[0-9a-f-]{36}$/);
    expect(returns.chunks[0].score).toBeGreaterThanOrEqual(returns.threshold);

    const refund = await search('how long does my refund take');
    expect(refund.chunks[0].text).toMatch(/within 5 working days/);
    const delivery = await search('when will express shipping arrive?');
    expect(delivery.chunks[0]).toMatchObject({ title: 'Delivery › Express', format: F.KNOWLEDGE_FORMAT_HTML });
    const warranty = await search('is there a guarantee on the espresso machine');
    expect(warranty.chunks[0].text).toMatch(/two-year manufacturer warranty/);
  });

  it('looks up the tenant\'s returns, delivery and warranty policy only in its documents', async () => {
    const useCase = service.app.get(SearchKnowledgeUseCase);
    const returns = await useCase.policy(TENANT, 'returns');
    expect(returns.found).toBe(true);
    expect(returns.chunks[0].source).toMatch(/returns-policy\.md$/);
    expect((await useCase.policy(TENANT, 'delivery')).chunks[0].text).toMatch(/2–4 working days|next working day/);
    expect((await useCase.policy(TENANT, 'warranty', 'ru')).chunks[0].text).toMatch(/гарантия производителя/);
    expect(await useCase.policy('tenant-without-documents', 'returns')).toMatchObject({ found: false, chunks: [] });
  });

  it('finds Russian answers with Russian morphology', async () => {
    const ru = await search('хочу вернуть кроссовки', 'ru');
    expect(ru.chunks[0]).toMatchObject({ title: 'Как вернуть товар?', format: F.KNOWLEDGE_FORMAT_FAQ_CSV });
    const guarantee = await search('гарантии на кофемашину');
    expect(guarantee.chunks[0].text).toMatch(/гарантия производителя два года/);
  });

  it('retrieves golden transcripts for sales questions', async () => {
    const r = await search('which machine is better for latte, pro or mini?');
    expect(r.chunks[0].title).toBe('espresso upsell (golden transcript)');
    expect(r.chunks[0].text).toMatch(/steam wand is stronger/);
  });

  it('says plainly when nothing relevant is known, so the agent does not invent', async () => {
    const unknown = await search('Do you sell spaceship fuel?');
    expect(unknown).toMatchObject({ found: false, chunks: [] });
    expect(unknown.threshold).toBeGreaterThan(0);
    const otherTenant = await search('return policy', '', 'another-tenant');
    expect(otherTenant).toMatchObject({ found: false, chunks: [], bestScore: 0 });
    // A stricter threshold turns a weak match into "not found" while reporting the best score.
    const strict = await dialogue.searchKnowledge({ tenantId: TENANT, query: 'delivery', limit: 3, language: '', minScore: 0.99 });
    expect(strict.found).toBe(false);
    expect(strict.bestScore).toBeGreaterThan(0);
  });

  it('re-importing a file replaces its earlier version instead of duplicating it', async () => {
    const before = await search('prepaid label');
    const { code } = await importCli([path.join(FIXTURES, 'returns-policy.md'), '--tenant', TENANT, '--grpc', service.grpcAddress]);
    expect(code).toBe(0);
    const after = await search('prepaid label');
    expect(after.chunks.filter((c) => /prepaid label/.test(c.text))).toHaveLength(1);
    expect(after.chunks[0].chunkId).not.toBe(before.chunks[0].chunkId);
  }, 60_000);

  it('rejects bad input with clear errors, loses nothing, and the CLI reports failures per file', async () => {
    await expect(dialogue.ingestKnowledge({ tenantId: TENANT, title: 'Empty FAQ', format: F.KNOWLEDGE_FORMAT_FAQ_CSV, content: 'question,answer\n', language: '', source: 'empty.csv' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT, errorCode: 'KNOWLEDGE_DOCUMENT_EMPTY',
    });
    await expect(dialogue.ingestKnowledge({ tenantId: '', title: 'x', format: F.KNOWLEDGE_FORMAT_TEXT, content: 'x', language: '', source: '' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(dialogue.ingestKnowledge({ tenantId: TENANT, title: '', format: F.KNOWLEDGE_FORMAT_TEXT, content: 'x', language: '', source: '' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    expect((await search('prepaid label')).found).toBe(true);

    const missing = await importCli(['/nonexistent/file.md', '--tenant', TENANT, '--grpc', service.grpcAddress]);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/no such file or directory/);
    const noTenant = await importCli([FIXTURES]);
    expect(noTenant.code).toBe(2);
    expect(noTenant.out).toMatch(/--tenant is required/);
    const down = await importCli([path.join(FIXTURES, 'faq.csv'), '--tenant', TENANT, '--grpc', `127.0.0.1:${await freePort()}`]);
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/\[1\/1\] .*faq\.csv: FAILED/);
  }, 90_000);
});
