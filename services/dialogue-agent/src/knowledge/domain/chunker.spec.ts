import { DialogueV1 } from '@concierge/contracts';
import { chunkDocument, parseCsv } from './chunker';

const Format = DialogueV1.KnowledgeFormat;

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, and CRLF line ends', () => {
    expect(parseCsv('a,"b, c","say ""hi""\nthen go"\r\nd,e,f\r\n')).toEqual([
      ['a', 'b, c', 'say "hi"\nthen go'],
      ['d', 'e', 'f'],
    ]);
  });

  it('drops blank lines and keeps a last row without a newline', () => {
    expect(parseCsv('a,b\n\n,\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});

describe('chunkDocument', () => {
  it('makes one chunk per FAQ row, skipping the header row', () => {
    const csv = [
      'Question,Answer',
      'How long is delivery?,2-4 working days.',
      '"Do you ship to Kazakhstan, Belarus?","Yes, to both; ""express"" takes 3 days."',
      '"Can I return',
      'an opened item?","Within 14 days,',
      'if it is unused."',
    ].join('\n');
    expect(chunkDocument(Format.KNOWLEDGE_FORMAT_FAQ_CSV, 'FAQ', csv)).toEqual([
      { title: 'How long is delivery?', text: '2-4 working days.' },
      { title: 'Do you ship to Kazakhstan, Belarus?', text: 'Yes, to both; "express" takes 3 days.' },
      { title: 'Can I return\nan opened item?', text: 'Within 14 days,\nif it is unused.' },
    ]);
  });

  it('keeps the first row of an FAQ without a header', () => {
    const chunks = chunkDocument(Format.KNOWLEDGE_FORMAT_FAQ_CSV, 'FAQ', 'How do I pay?,By card or on delivery.\nIs there a warranty?,One year.');
    expect(chunks.map((c) => c.title)).toEqual(['How do I pay?', 'Is there a warranty?']);
  });

  it('skips FAQ rows without a question or an answer', () => {
    const chunks = chunkDocument(Format.KNOWLEDGE_FORMAT_FAQ_CSV, 'FAQ', 'question,answer\nOnly a question,\n,Only an answer\nQ,A');
    expect(chunks).toEqual([{ title: 'Q', text: 'A' }]);
  });

  it('splits markdown by headings, merges short paragraphs of a section, titles chunks by their heading path', () => {
    const md = [
      'Intro paragraph before any heading.',
      '',
      '# Delivery',
      'We deliver in 2-4 days.',
      '',
      'Express costs extra.',
      '## Returns',
      'Return within 14 days.',
    ].join('\n');
    expect(chunkDocument(Format.KNOWLEDGE_FORMAT_MARKDOWN, 'Shop guide', md)).toEqual([
      { title: 'Shop guide', text: 'Intro paragraph before any heading.' },
      { title: 'Delivery', text: 'We deliver in 2-4 days.\n\nExpress costs extra.' },
      { title: 'Delivery › Returns', text: 'Return within 14 days.' },
    ]);
  });

  it('does not treat a hashtag inside a line as a heading', () => {
    const chunks = chunkDocument(Format.KNOWLEDGE_FORMAT_MARKDOWN, 'Guide', '# Social\nFollow #shop on Instagram.');
    expect(chunks).toEqual([{ title: 'Social', text: 'Follow #shop on Instagram.' }]);
  });

  it('strips HTML tags, scripts and styles and decodes basic entities', () => {
    const html =
      '<html><head><style>p { color: red }</style><script>alert("x")</script></head>' +
      '<body><h1>Payment</h1><p>We accept <b>cards</b> &amp; cash&nbsp;on delivery.</p><div>Prices &lt;VAT&gt; included</div></body></html>';
    const chunks = chunkDocument(Format.KNOWLEDGE_FORMAT_HTML, 'Payment page', html);
    const text = chunks.map((c) => c.text).join('\n');
    expect(text).not.toMatch(/[<>]b|<p|alert|color: red/);
    expect(chunks).toEqual([{ title: 'Payment', text: 'We accept cards & cash on delivery.\n\nPrices <VAT> included' }]);
    const titled = chunkDocument(Format.KNOWLEDGE_FORMAT_HTML, 'x', '<title>Warranty &#8212; Shop</title><p>Two years&#x2e;</p><nav>Home | Cart</nav>');
    expect(titled).toEqual([{ title: 'Warranty — Shop', text: 'Two years.' }]);
  });

  it('merges short paragraphs of plain text and caps a chunk at 1500 characters, splitting at sentence ends', () => {
    const chunks = chunkDocument(Format.KNOWLEDGE_FORMAT_TEXT, 'Notes', `first\n\n${'x'.repeat(4500)}`);
    expect(chunks.map((c) => c.text.length)).toEqual([5, 1500, 1500, 1500]);
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} explains one policy detail.`).join(' ');
    const split = chunkDocument(Format.KNOWLEDGE_FORMAT_TEXT, 'Policy', sentences);
    expect(split.length).toBeGreaterThan(1);
    expect(split.every((c) => c.text.length <= 1500 && /\.$/.test(c.text))).toBe(true);
    expect(split.map((c) => c.text).join(' ')).toBe(sentences);
  });

  it('cuts golden transcripts into overlapping windows of turns', () => {
    const turns = Array.from({ length: 10 }, (_, i) => (i % 2 ? `Agent: answer ${i}` : `Customer: question ${i}`));
    const chunks = chunkDocument(Format.KNOWLEDGE_FORMAT_TRANSCRIPT, 'Best espresso sale', turns.join('\n'));
    expect(chunks.map((c) => c.text.split('\n').length)).toEqual([6, 6]);
    expect(chunks[1].text.startsWith('Customer: question 4')).toBe(true);
    expect(chunks[0].title).toBe('Best espresso sale (golden transcript)');
  });

  it('reads FAQ columns by name in any order, with semicolons, and Russian headers', () => {
    expect(chunkDocument(Format.KNOWLEDGE_FORMAT_FAQ_CSV, 'FAQ', 'ответ;вопрос\nВ течение 14 дней.;Как вернуть товар?')).toEqual([
      { title: 'Как вернуть товар?', text: 'В течение 14 дней.' },
    ]);
  });

  it('strips Markdown links and emphasis but keeps their text', () => {
    expect(chunkDocument(Format.KNOWLEDGE_FORMAT_MARKDOWN, 'G', 'See **our** [returns page](https://x.test/r) for `details`.')).toEqual([
      { title: 'G', text: 'See our returns page for details.' },
    ]);
  });

  it('gives no chunks for an empty document', () => {
    expect(chunkDocument(Format.KNOWLEDGE_FORMAT_MARKDOWN, 'Empty', ' \n\n ')).toEqual([]);
    expect(chunkDocument(Format.KNOWLEDGE_FORMAT_FAQ_CSV, 'Empty', 'question,answer\n')).toEqual([]);
  });
});
