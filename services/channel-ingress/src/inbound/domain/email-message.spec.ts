import { parseEmail, providerJsonToMime, stripReply } from './email-message';

describe('stripReply', () => {
  it.each([
    ['Gmail', 'Yes, Tuesday works.\n\nOn Mon, 16 Nov 2026 at 10:00, Acme <help@acme.test> wrote:\n> When can we deliver?', 'Yes, Tuesday works.'],
    ['Gmail wrapped over two lines', 'Fine.\n\nOn Mon, 16 Nov 2026 at 10:00, Acme Support <help@acme.test>\nwrote:\n> old', 'Fine.'],
    ['Outlook', 'Please cancel.\r\n\r\n-----Original Message-----\r\nFrom: Acme\r\nSent: Monday', 'Please cancel.'],
    ['Outlook From: block', 'Thanks!\n________________________________\nFrom: Acme <help@acme.test>\nSent: Monday', 'Thanks!'],
    ['Yandex (Russian)', 'Спасибо, получил.\n\n16.11.2026, 10:00, "Acme" <help@acme.test>:\n21.11.2026 9:00, Acme пишет:\n> Ваш заказ', 'Спасибо, получил.'],
    ['a signature', 'Where is my parcel?\n-- \nAnna\nCEO, Foo Ltd', 'Where is my parcel?'],
    ['a mobile footer', 'ok\n\nSent from my iPhone', 'ok'],
  ])('cuts the quoted history and signature (%s)', (_client, text, expected) => {
    expect(stripReply(text)).toBe(expected);
  });

  it('keeps a message that is nothing but a quote rather than losing it', () => {
    expect(stripReply('> only a quote')).toBe('> only a quote');
  });
});

describe('parseEmail', () => {
  it('threads by References, then In-Reply-To, then its own Message-ID', async () => {
    const mail = await parseEmail('From: a@b.c\r\nMessage-ID: <3@b.c>\r\nIn-Reply-To: <2@b.c>\r\nReferences: <1@b.c> <2@b.c>\r\nContent-Type: text/plain\r\n\r\nhi\r\n');
    expect(mail).toMatchObject({ messageId: '<3@b.c>', inReplyTo: '<2@b.c>', references: ['<1@b.c>', '<2@b.c>'], threadRoot: '<1@b.c>', text: 'hi' });
  });

  it('refuses a message without a From address', async () => {
    await expect(parseEmail('Subject: x\r\n\r\nbody')).rejects.toMatchObject({ code: 'MALFORMED_PAYLOAD' });
  });

  it('rebuilds provider JSON (HTML only, attachment) into MIME the same parser reads', async () => {
    const mime = providerJsonToMime({ from: 'Ann <ann@example.com>', subject: 'Счёт', html: '<p>Send the <b>invoice</b></p>', attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('abc').toString('base64') }] });
    const mail = await parseEmail(mime);
    expect(mail).toMatchObject({ fromAddress: 'ann@example.com', subject: 'Счёт', text: 'Send the invoice' });
    expect(mail.attachments.map((a) => [a.fileName, a.content.toString()])).toEqual([['a.txt', 'abc']]);
  });
});
