/**
 * Imports knowledge documents into dialogue-agent over gRPC (IngestKnowledge):
 *   npm run import:knowledge -- <files or directories...> --tenant <tenant> [--grpc host:port] [--api-key KEY]
 *                               [--format markdown|html|text|faq-csv|transcript] [--language en|ru] [--source-prefix docs/]
 * Format by extension unless --format: .md/.markdown, .html/.htm, .txt, .csv/.tsv (FAQ: question,answer),
 * *.transcript.txt / *.golden.txt (golden sales transcripts). The source is the file path (relative to the
 * working directory, plus --source-prefix), so importing the same file again replaces its earlier version.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DialogueV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient } from '@concierge/grpc';
import { formatFromFileName } from '../src/knowledge/domain/chunker';

const FORMATS: Record<string, DialogueV1.KnowledgeFormat> = {
  markdown: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_MARKDOWN,
  md: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_MARKDOWN,
  html: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_HTML,
  text: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_TEXT,
  'faq-csv': DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_FAQ_CSV,
  csv: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_FAQ_CSV,
  transcript: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_TRANSCRIPT,
};
const USAGE =
  'usage: npm run import:knowledge -- <files or directories...> --tenant <tenant> [--grpc host:port] [--api-key KEY] [--format markdown|html|text|faq-csv|transcript] [--language en|ru] [--source-prefix P]';

function usage(message?: string): never {
  if (message) console.error(`import:knowledge: ${message}`);
  console.error(USAGE);
  process.exit(2);
}

/** Files under the given paths (directories are walked, hidden entries skipped), in a stable order. */
function expand(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) if (!e.startsWith('.')) walk(path.join(p, e));
    } else out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

const titleOf = (file: string, content: string, format: DialogueV1.KnowledgeFormat): string => {
  if (format === DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_MARKDOWN) {
    const h1 = /^#\s+(.+)$/m.exec(content)?.[1]?.trim();
    if (h1) return h1.slice(0, 300);
  }
  if (format === DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_HTML) {
    const t = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(content)?.[1]?.replace(/\s+/g, ' ').trim();
    if (t) return t.slice(0, 300);
  }
  return path.basename(file).replace(/\.(transcript|golden)?\.?[a-z]+$/i, '').replace(/[-_]+/g, ' ').trim() || path.basename(file);
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opts: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') usage();
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      const v = inline ?? args[++i];
      if (v === undefined) usage(`--${k} needs a value`);
      opts[k] = v;
    } else positional.push(a);
  }
  if (!positional.length) usage('no input files');
  if (!opts.tenant?.trim()) usage('--tenant is required');
  for (const p of positional) if (!fs.existsSync(p)) usage(`${p}: no such file or directory`);
  if (opts.format && !FORMATS[opts.format]) usage(`--format must be one of ${Object.keys(FORMATS).join(', ')}`);
  if (opts.language && !/^(en|ru)$/.test(opts.language)) usage('--language must be en or ru');

  const files = expand(positional);
  const address = opts.grpc ?? process.env.DIALOGUE_GRPC_ADDR ?? '127.0.0.1:50053';
  const apiKey = opts['api-key'] ?? process.env.CONCIERGE_API_KEY ?? process.env.INTERNAL_API_KEY ?? 'concierge-internal-dev-key';
  const client = createGrpcClient<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue, { address, apiKey, deadlineMs: 120_000 });
  console.log(`knowledge import: ${files.length} file(s) → tenant "${opts.tenant}" at ${address}`);
  const started = Date.now();
  let chunks = 0;
  const failures: string[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const step = `[${i + 1}/${files.length}] ${file}`;
      const format = opts.format ? FORMATS[opts.format] : formatFromFileName(file);
      if (!format) {
        failures.push(`${file}: unknown format (use --format)`);
        console.log(`${step}: skipped — unknown format (use --format)`);
        continue;
      }
      try {
        const content = fs.readFileSync(file, 'utf8');
        const source = (opts['source-prefix'] ?? '') + path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
        const r = await client.ingestKnowledge({ tenantId: opts.tenant, title: titleOf(file, content, format), format, content, language: opts.language ?? '', source });
        chunks += r.chunkCount;
        console.log(`${step}: ${r.chunkCount} chunk(s), document ${r.documentId}`);
      } catch (err) {
        const e = err as { message?: string; errorCode?: string };
        failures.push(`${file}: ${e.errorCode ? `${e.errorCode}: ` : ''}${e.message}`);
        console.log(`${step}: FAILED — ${e.errorCode ? `${e.errorCode}: ` : ''}${e.message}`);
      }
    }
  } finally {
    client.close();
  }
  console.log(`knowledge import done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${files.length - failures.length} imported, ${failures.length} failed, ${chunks} chunks`);
  if (failures.length) process.exit(1);
}

main().catch((err) => {
  console.error(`import:knowledge: ${(err as Error).message}`);
  process.exit(1);
});
