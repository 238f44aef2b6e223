import { DialogueV1 } from '@concierge/contracts';

export interface Chunk {
  title: string;
  text: string;
}

const Format = DialogueV1.KnowledgeFormat;
/** Paragraphs of one section are merged up to this size; longer ones are split at sentence ends. */
const TARGET_CHUNK = 900;
const MAX_CHUNK = 1500;
/** Golden transcripts: turns per chunk and turns shared with the next chunk (context for retrieval). */
const TRANSCRIPT_WINDOW = 6;
const TRANSCRIPT_OVERLAP = 2;

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, newlines inside quotes; ',' ';' or tab separated. */
export function parseCsv(input: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim()));
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", laquo: '«', raquo: '»', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', ldquo: '“', rdquo: '”', euro: '€', copy: '©' };
export const decodeEntities = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });

/** HTML → Markdown-ish text: headings become "#" lines so sections get titles; scripts, styles and navigation go. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|noscript|nav|header|footer|svg)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_m, level: string, inner: string) => `\n\n${'#'.repeat(Number(level))} ${inner.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}\n\n`)
      .replace(/<li[^>]*>/gi, '\n- ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|section|article|ul|ol|table|tr|blockquote|pre)>/gi, '\n\n')
      .replace(/<\/t[dh]>/gi, ' | ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n');
}

/** Markdown inline syntax out (links keep their text, emphasis and code marks go). */
const plainMarkdown = (s: string) =>
  s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(\S[\s\S]*?\S|\S)\1/g, '$2')
    .replace(/^>\s?/gm, '')
    .replace(/^```.*$/gm, '');

function splitLong(text: string): string[] {
  if (text.length <= MAX_CHUNK) return [text];
  const sentences = text.match(/[^.!?\n]+[.!?]*\s*|\n+/g) ?? [text];
  const out: string[] = [];
  let current = '';
  for (const s of sentences) {
    if (current && current.length + s.length > TARGET_CHUNK) {
      out.push(current.trim());
      current = '';
    }
    if (s.length <= MAX_CHUNK) {
      current += s;
      continue;
    }
    // A single "sentence" longer than the limit (a table, a list without stops) is cut hard.
    if (current.trim()) out.push(current.trim());
    current = '';
    for (let i = 0; i < s.length; i += MAX_CHUNK) {
      const piece = s.slice(i, i + MAX_CHUNK);
      if (piece.length === MAX_CHUNK) out.push(piece.trim());
      else current = piece;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Paragraphs of one section, merged while they fit in one chunk. */
function byParagraphs(title: string, text: string): Chunk[] {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).flatMap(splitLong);
  const out: Chunk[] = [];
  let current = '';
  for (const p of paragraphs) {
    if (current && current.length + p.length + 2 > TARGET_CHUNK) {
      out.push({ title, text: current });
      current = '';
    }
    current = current ? `${current}\n\n${p}` : p;
  }
  if (current) out.push({ title, text: current });
  return out;
}

/** Markdown sections with their heading path as the title ("Returns › Damaged items"). */
function markdownChunks(title: string, content: string): Chunk[] {
  const path: string[] = [];
  const out: Chunk[] = [];
  let body: string[] = [];
  let sectionTitle = title;
  const flush = () => {
    out.push(...byParagraphs(sectionTitle, plainMarkdown(body.join('\n'))));
    body = [];
  };
  let fenced = false;
  for (const line of content.split(/\r?\n/)) {
    if (/^```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1].length;
      path.splice(level - 1);
      path[level - 1] = plainMarkdown(heading[2]);
      sectionTitle = path.filter(Boolean).slice(-2).join(' › ') || title;
    } else body.push(line);
  }
  flush();
  return out;
}

/** FAQ CSV: one chunk per question (title = question, text = answer). Header optional; columns found by name. */
function faqChunks(content: string): Chunk[] {
  const firstLine = content.split(/\r?\n/, 1)[0] ?? '';
  const separator = [',', ';', '\t'].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0];
  const rows = parseCsv(content, separator);
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  const qi = header?.findIndex((h) => /^(question|q|вопрос)$/.test(h)) ?? -1;
  const ai = header?.findIndex((h) => /^(answer|a|ответ)$/.test(h)) ?? -1;
  const hasHeader = qi >= 0 && ai >= 0;
  const [q, a] = hasHeader ? [qi, ai] : [0, 1];
  return (hasHeader ? rows.slice(1) : rows)
    .filter((r) => r[q]?.trim() && r[a]?.trim())
    .map((r) => ({ title: r[q].trim(), text: r[a].trim() }));
}

/**
 * Golden sales transcripts ("Customer: …" / "Agent: …" lines, or blocks separated by blank lines):
 * overlapping windows of turns, so a retrieved chunk shows a question together with the answer that sold.
 */
function transcriptChunks(title: string, content: string): Chunk[] {
  const lines = content.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const turns: string[] = [];
  for (const line of lines) {
    if (/^[\p{L}][\p{L} .'-]{0,30}:\s/u.test(line) || turns.length === 0) turns.push(line);
    else turns[turns.length - 1] += ` ${line}`;
  }
  const out: Chunk[] = [];
  const step = TRANSCRIPT_WINDOW - TRANSCRIPT_OVERLAP;
  for (let i = 0; i < turns.length; i += step) {
    const window = turns.slice(i, i + TRANSCRIPT_WINDOW);
    out.push(...splitLong(window.join('\n')).map((text) => ({ title: `${title} (golden transcript)`, text })));
    if (i + TRANSCRIPT_WINDOW >= turns.length) break;
  }
  return out;
}

/** Splits a knowledge document into retrievable chunks. */
export function chunkDocument(format: DialogueV1.KnowledgeFormat, title: string, content: string): Chunk[] {
  const text = content.replace(/^\uFEFF/, '');
  switch (format) {
    case Format.KNOWLEDGE_FORMAT_FAQ_CSV:
      return faqChunks(text);
    case Format.KNOWLEDGE_FORMAT_MARKDOWN:
      return markdownChunks(title, text);
    case Format.KNOWLEDGE_FORMAT_HTML: {
      const docTitle = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]?.trim();
      return markdownChunks(docTitle ? decodeEntities(docTitle) : title, htmlToText(text.replace(/<title[^>]*>[\s\S]*?<\/title>/i, '')));
    }
    case Format.KNOWLEDGE_FORMAT_TRANSCRIPT:
      return transcriptChunks(title, text);
    default:
      return byParagraphs(title, text);
  }
}

/** Format from a file name, for imports: .md .markdown .html .htm .txt .csv, *.transcript.txt. */
export function formatFromFileName(name: string): DialogueV1.KnowledgeFormat | undefined {
  const n = name.toLowerCase();
  if (/\.(transcript|golden)\.(txt|md)$/.test(n) || /\.transcript$/.test(n)) return Format.KNOWLEDGE_FORMAT_TRANSCRIPT;
  if (/\.(md|markdown)$/.test(n)) return Format.KNOWLEDGE_FORMAT_MARKDOWN;
  if (/\.html?$/.test(n)) return Format.KNOWLEDGE_FORMAT_HTML;
  if (/\.(csv|tsv)$/.test(n)) return Format.KNOWLEDGE_FORMAT_FAQ_CSV;
  if (/\.txt$/.test(n)) return Format.KNOWLEDGE_FORMAT_TEXT;
  return undefined;
}
