import { acknowledgement, chooseTone, combineWithLlmJudgement, conversationFrustration, inferDecisionStyle, readAffect, shapeCalmReply } from './index';

const policy = { calmThreshold: 0.6, compensationCapMinor: 500 };
const tone = (text: string, language: 'en' | 'ru', previousCustomerTexts: string[] = []) => {
  const affect = readAffect({ text, language, previousCustomerTexts });
  return { affect, tone: chooseTone({ affect, conversationFrustration: affect.frustration, policy }) };
};

describe('readAffect', () => {
  it.each([
    ['This is the THIRD TIME I am asking. WHERE IS MY ORDER?!!!', 'en'],
    ['Your app is useless, I have been waiting for two weeks and nobody answers. Get me a manager!', 'en'],
    ['what the fuck, it arrived broken again', 'en'],
    ['Это уже третий раз! Где мой заказ?! Позовите оператора!!!', 'ru'],
    ['Сколько можно ждать, это просто издевательство, верните деньги', 'ru'],
    ['Да вы задолбали, опять пришёл брак', 'ru'],
  ] as const)('reads "%s" as frustrated enough for calm mode', (text, language) => {
    const { affect, tone: t } = tone(text, language);
    expect(affect.mood).toBe('negative');
    expect(affect.frustration).toBeGreaterThanOrEqual(0.6);
    expect(t).toMatchObject({ mode: 'calm', offerHuman: true, allowCrossSell: false });
  });

  it.each([
    ['Thanks so much, you guys are awesome! 😊', 'en'],
    ['I love it, the coffee is perfect', 'en'],
    ['Спасибо огромное, всё пришло, очень довольна!', 'ru'],
    ['Отличный магазин, обожаю ваш кофе :)', 'ru'],
  ] as const)('reads "%s" as a clearly good mood (warm)', (text, language) => {
    const { affect, tone: t } = tone(text, language);
    expect(affect.mood).toBe('positive');
    expect(affect.frustration).toBeLessThan(0.15);
    expect(t.mode).toBe('warm');
  });

  it.each([
    ['Do you have these sneakers in size 42?', 'en'],
    ['What time do you open on Saturday?', 'en'],
    ['Есть ли эти кроссовки 42 размера?', 'ru'],
    ['Когда будет доставка в Казань?', 'ru'],
    ['Is the grinder any good?', 'en'],
    ['А кофемолка хорошая?', 'ru'],
  ] as const)('reads a plain question "%s" as neutral, normal tone', (text, language) => {
    const { affect, tone: t } = tone(text, language);
    expect(affect.frustration).toBeLessThan(0.3);
    expect(t.mode).toBe('normal');
  });

  it('reads shop complaints the general lexicons miss', () => {
    expect(readAffect({ text: 'Посылка опаздывает', language: 'ru' }).sentiment).toBeLessThan(0);
    expect(readAffect({ text: 'Too expensive', language: 'en' }).sentiment).toBeLessThan(0);
    expect(readAffect({ text: 'Дорого', language: 'ru' }).sentiment).toBeLessThan(0);
  });

  it('handles negation: "not bad" is not negative, "not happy" is', () => {
    expect(readAffect({ text: 'not bad at all, actually', language: 'en' }).sentiment).toBeGreaterThan(0);
    expect(readAffect({ text: 'I am not happy with this order', language: 'en' }).sentiment).toBeLessThan(0);
    expect(readAffect({ text: 'я не доволен этим заказом', language: 'ru' }).sentiment).toBeLessThan(0);
  });

  it('notices caps, exclamation runs, profanity and escalation words as signals', () => {
    expect(readAffect({ text: 'WHY IS THIS STILL NOT SHIPPED', language: 'en' }).signals).toContain('caps');
    expect(readAffect({ text: 'where is it!!!', language: 'en' }).signals).toContain('exclamations:3');
    expect(readAffect({ text: 'this is bullshit', language: 'en' }).signals).toContain('profanity');
    expect(readAffect({ text: 'соедините с человеком', language: 'ru' }).signals).toContain('escalation');
    expect(readAffect({ text: 'I want to speak to a manager', language: 'en' }).signals).toContain('escalation');
  });

  it('raises frustration when the same complaint is repeated', () => {
    const first = readAffect({ text: 'my order 1234 has not arrived yet', language: 'en' });
    const again = readAffect({ text: 'my order 1234 still has not arrived', language: 'en', previousCustomerTexts: ['my order 1234 has not arrived yet'] });
    expect(again.signals.some((s) => s.startsWith('repeated'))).toBe(true);
    expect(again.frustration).toBeGreaterThan(first.frustration + 0.1);
  });

  it('reads urgency from the text', () => {
    expect(readAffect({ text: 'I need it today, it is urgent', language: 'en' }).urgency).toBeGreaterThanOrEqual(0.4);
    expect(readAffect({ text: 'Срочно нужно к вечеру', language: 'ru' }).urgency).toBeGreaterThanOrEqual(0.4);
    expect(readAffect({ text: 'Just browsing', language: 'en' }).urgency).toBe(0);
  });

  it('uses channel hints: fast loud speech and hesitant typing add frustration', () => {
    const text = 'I ordered the blue one';
    const plain = readAffect({ text, language: 'en' });
    const voice = readAffect({ text, language: 'en', hints: { speechRateWpm: 210, loudnessDb: -6, pauseRatio: 0.05 } });
    const typing = readAffect({ text, language: 'en', hints: { typingPauseMs: 12_000, deletions: 30 } });
    expect(voice.frustration).toBeGreaterThan(plain.frustration + 0.2);
    expect(voice.signals).toEqual(expect.arrayContaining(['fast-speech', 'loud-voice']));
    expect(typing.signals).toContain('typing-hesitation');
  });

  it('never crashes on empty or odd input', () => {
    for (const text of ['', '   ', '!!!???', '🙂', 'a'.repeat(20_000)]) {
      const a = readAffect({ text, language: 'en' });
      expect(a.frustration).toBeGreaterThanOrEqual(0);
      expect(a.frustration).toBeLessThanOrEqual(1);
    }
  });
});

describe('conversationFrustration', () => {
  it('does not forget anger after one neutral line, and decays when things calm down', () => {
    expect(conversationFrustration([])).toBe(0);
    expect(conversationFrustration([0.8, 0.9, 0.1])).toBeGreaterThanOrEqual(0.7);
    expect(conversationFrustration([0.8, 0.1, 0.05, 0.0, 0.0])).toBeLessThan(0.3);
    expect(conversationFrustration([0.45, 0.5, 0.5])).toBeGreaterThan(0.55);
  });
});

describe('chooseTone', () => {
  it('records reasons, caps compensation at the tenant policy and offers none below severe frustration', () => {
    const affect = readAffect({ text: 'This is ridiculous, the parcel is broken AGAIN and nobody answers!!!', language: 'en' });
    const severe = chooseTone({ affect: { ...affect, frustration: 0.95 }, conversationFrustration: 0.9, policy: { calmThreshold: 0.6, compensationCapMinor: 500 } });
    expect(severe.mode).toBe('calm');
    expect(severe.maxCompensationMinor).toBe(500);
    expect(severe.reasons.join(' ')).toMatch(/threshold 0.6/);
    const noCap = chooseTone({ affect: { ...affect, frustration: 0.95 }, conversationFrustration: 0.9, policy: { calmThreshold: 0.6 } });
    expect(noCap.maxCompensationMinor).toBe(0);
    const mild = chooseTone({ affect: { ...affect, frustration: 0.62 }, conversationFrustration: 0.5, policy: { calmThreshold: 0.6, compensationCapMinor: 500 } });
    expect(mild.maxCompensationMinor).toBe(0);
  });

  it('switches to calm on conversation frustration even when the last message is mild', () => {
    const affect = readAffect({ text: 'ok', language: 'en' });
    expect(chooseTone({ affect, conversationFrustration: 0.7, policy: { calmThreshold: 0.6 } }).mode).toBe('calm');
  });
});

describe('calm replies', () => {
  it('have one brief acknowledgement, no theatrical apology, at most 3 sentences, and a person offered', () => {
    const reply = shapeCalmReply("I'm so so sorry for the inconvenience!!! We deeply apologize. Your parcel is at the depot. It arrives tomorrow by 14:00. Meanwhile check out our new mugs!", 'en');
    expect(reply).not.toMatch(/so sorry|deeply apologi|!/);
    expect(reply.startsWith(acknowledgement('calm', 'en'))).toBe(true);
    expect(reply).toMatch(/depot/);
    expect(reply).not.toMatch(/mugs/);
    expect(reply).toMatch(/person from our team/);
    expect(shapeCalmReply('Мне очень жаль! Посылка на складе.', 'ru')).toMatch(/^Понимаю, это неприятно\. Посылка на складе\. Если хотите/);
  });
});

describe('inferDecisionStyle', () => {
  it.each([
    [['What is the battery capacity in mAh?', 'How does it compare to the X200 in weight and resolution?'], 'en', 'rational'],
    [['Сравните пожалуйста две модели по характеристикам', 'Какая ёмкость аккумулятора и вес в граммах?'], 'ru', 'rational'],
    [['ok', 'take it', 'buy now!'], 'en', 'impulsive'],
    [['беру!', 'давай в корзину'], 'ru', 'impulsive'],
    [['Can I return it if it does not fit?', 'Is there a warranty? I am worried it might be fake'], 'en', 'anxious'],
    [['А если не подойдёт, можно вернуть?', 'Какая гарантия? Боюсь подделки'], 'ru', 'anxious'],
  ] as const)('%j → %s', (texts, language, style) => {
    const r = inferDecisionStyle([...texts], language);
    expect(r.style).toBe(style);
    expect(r.confidence).toBeGreaterThan(0.35);
  });

  it('says unknown with no evidence, and gains confidence with more evidence', () => {
    expect(inferDecisionStyle(['hello'], 'en').style).toBe('unknown');
    const one = inferDecisionStyle(['is there a warranty?'], 'en');
    const more = inferDecisionStyle(['is there a warranty?', 'what about returns?', 'I am worried about fakes, are reviews real?'], 'en');
    expect(more.confidence).toBeGreaterThan(one.confidence);
  });
});

describe('combineWithLlmJudgement', () => {
  const rule = readAffect({ text: 'this is bullshit, give me a manager', language: 'en' });

  it('blends but never lets the LLM talk hard signals down, and ignores malformed judgements', () => {
    const combined = combineWithLlmJudgement(rule, { frustration: 0, sentiment: 1, urgency: 0, confidence: 1, reason: 'polite' });
    expect(combined.frustration).toBeGreaterThanOrEqual(rule.frustration);
    expect(combined.sentiment - rule.sentiment).toBeLessThanOrEqual(0.3001);
    expect(combined.signals).toContain('llm:w=0.5');
    expect(combineWithLlmJudgement(rule, { frustration: Number.NaN, confidence: 2 } as never).frustration).toBe(rule.frustration);
    expect(combineWithLlmJudgement(rule, null)).toBe(rule);
  });

  it('lets a confident LLM raise frustration the rules missed (sarcasm), within the shift cap', () => {
    const polite = readAffect({ text: 'Oh great, another week of waiting. Wonderful service.', language: 'en' });
    const combined = combineWithLlmJudgement(polite, { frustration: 0.9, sentiment: -0.8, urgency: 0.3, confidence: 0.9, reason: 'sarcasm' });
    expect(combined.frustration).toBeGreaterThan(polite.frustration);
    expect(combined.frustration - polite.frustration).toBeLessThanOrEqual(0.3001);
  });
});
