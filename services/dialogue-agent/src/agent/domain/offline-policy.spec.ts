import { decideReply, KnowledgeAnswer } from './offline-policy';

const knowledge: KnowledgeAnswer = {
  chunkId: 'chunk-42',
  title: 'How long does delivery take?',
  text: 'Delivery takes 2–4 working days within the country.',
  score: 0.4567,
};

describe('decideReply', () => {
  it('greets warmly by first name, in the customer language, without handing off', () => {
    const en = decideReply({ intent: 'greeting', language: 'en', customerName: 'Anna Petrova' });
    expect(en).toMatchObject({ intent: 'greeting', handoff: false, tone: 'warm', knowledgeChunkIds: [], quickReplies: [] });
    expect(en.text).toMatch(/^Hello, Anna! /);
    expect(en.text).not.toContain('Petrova');
    const ru = decideReply({ intent: 'greeting', language: 'ru', customerName: 'Анна' });
    expect(ru.text).toMatch(/^Здравствуйте, Анна! /);
  });

  it('greets without a name when none is known', () => {
    expect(decideReply({ intent: 'greeting', language: 'en', customerName: '' }).text).toMatch(/^Hello! /);
  });

  it('answers thanks warmly without handing off', () => {
    const d = decideReply({ intent: 'thanks', language: 'ru', customerName: 'Анна' });
    expect(d).toMatchObject({ handoff: false, tone: 'warm' });
    expect(d.text).toMatch(/Пожалуйста/);
  });

  it('hands off when asked for a person, saying so in the customer language', () => {
    const en = decideReply({ intent: 'handoff_request', language: 'en', customerName: 'Anna', knowledge });
    expect(en).toMatchObject({ handoff: true, knowledgeChunkIds: [] });
    expect(en.text).toMatch(/passing you to a person/);
    const ru = decideReply({ intent: 'handoff_request', language: 'ru', customerName: 'Анна' });
    expect(ru.handoff).toBe(true);
    expect(ru.text).toMatch(/передаю вас сотруднику/);
  });

  it('answers a question from knowledge, citing the chunk and offering a person', () => {
    const d = decideReply({ intent: 'question', language: 'en', customerName: 'Anna', knowledge });
    expect(d).toMatchObject({
      intent: 'question',
      handoff: false,
      text: knowledge.text,
      knowledgeChunkIds: ['chunk-42'],
      quickReplies: [{ label: 'Talk to a person', payload: 'handoff' }],
    });
    expect(d.reason).toContain('How long does delivery take?');
    expect(d.reason).toContain('0.457');
  });

  it('offers the person button in Russian for a Russian customer', () => {
    const d = decideReply({ intent: 'question', language: 'ru', customerName: 'Анна', knowledge });
    expect(d.quickReplies).toEqual([{ label: 'Связаться с человеком', payload: 'handoff' }]);
  });

  it('hands an unknown question to a person instead of inventing an answer', () => {
    const d = decideReply({ intent: 'question', language: 'en', customerName: 'Anna' });
    expect(d).toMatchObject({ handoff: true, knowledgeChunkIds: [], quickReplies: [] });
    expect(d.text).toMatch(/rather not guess/);
    expect(d.reason).toMatch(/not inventing/);
    expect(decideReply({ intent: 'question', language: 'ru', customerName: '' }).text).toMatch(/не хочу гадать/);
  });
});
