import { DialogueV1 } from '@concierge/contracts';

export interface Chunk {
  title: string;
  text: string;
}

const Format = DialogueV1.KnowledgeFormat;
const MAX_CHUNK = 2000;

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(input: string): string[][] {
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
    else if (c === ',') {
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

const stripHtml = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/(p|div|h\d|li|br)>/gi, '\n\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/[ \t]+/g, ' ');

function splitLong(title: string, text: string): Chunk[] {
  const out: Chunk[] = [];
  for (let i = 0; i < text.length; i += MAX_CHUNK) out.push({ title, text: text.slice(i, i + MAX_CHUNK).trim() });
  return out;
}

function byParagraphs(title: string, text: string): Chunk[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap((p) => splitLong(title, p));
}

/** Splits a knowledge document into retrievable chunks. FAQ CSV: one chunk per question. */
export function chunkDocument(format: DialogueV1.KnowledgeFormat, title: string, content: string): Chunk[] {
  switch (format) {
    case Format.KNOWLEDGE_FORMAT_FAQ_CSV: {
      const rows = parseCsv(content);
      const header = rows[0]?.map((h) => h.trim().toLowerCase());
      const body = header?.[0] === 'question' ? rows.slice(1) : rows;
      return body.filter((r) => r[0]?.trim() && r[1]?.trim()).map((r) => ({ title: r[0].trim(), text: r[1].trim() }));
    }
    case Format.KNOWLEDGE_FORMAT_MARKDOWN: {
      const sections = content.split(/^(?=#{1,6}\s)/m);
      return sections.flatMap((s) => {
        const heading = /^#{1,6}\s+(.+)$/m.exec(s);
        const sectionTitle = heading && s.startsWith('#') ? heading[1].trim() : title;
        const body = heading && s.startsWith('#') ? s.slice(heading[0].length) : s;
        return byParagraphs(sectionTitle, body);
      });
    }
    case Format.KNOWLEDGE_FORMAT_HTML:
      return byParagraphs(title, stripHtml(content));
    default:
      return byParagraphs(title, content);
  }
}
