import { recognizeIntent } from './intent';
import { detectLanguage } from './language';

describe('recognizeIntent', () => {
  it.each(['Hi', 'hello!', 'Hey there', 'Good morning', 'good evening, team', 'Hello, Anna here'])('greeting in English: %j', (text) => {
    expect(recognizeIntent(text)).toBe('greeting');
  });

  it.each(['Привет', 'Привет!', 'привет, как дела?', 'Здравствуйте', 'Здравствуй!', 'Добрый день', 'Доброе утро!', 'Добрый вечер, подскажите'])(
    'greeting in Russian: %j',
    (text) => {
      expect(recognizeIntent(text)).toBe('greeting');
    },
  );

  it.each([
    'I want to talk to a human',
    'Can I speak to a real person please',
    'operator',
    'Let me talk to your manager',
    'I need a live agent now',
    'оператор',
    'Позовите менеджера',
    'Можно с живым человеком?',
    'соедините с сотрудником',
  ])('asks for a person: %j', (text) => {
    expect(recognizeIntent(text)).toBe('handoff_request');
  });

  it('asking for a person wins over a greeting', () => {
    expect(recognizeIntent('Hi, operator please')).toBe('handoff_request');
    expect(recognizeIntent('Привет, позовите оператора')).toBe('handoff_request');
  });

  it.each(['Thanks!', 'thank you so much', 'Cheers', 'Спасибо!', 'Большое спасибо', 'благодарю'])('thanks: %j', (text) => {
    expect(recognizeIntent(text)).toBe('thanks');
  });

  it.each(['How long does delivery take?', 'Как вернуть товар?', 'Do you accept PayPal', 'What is your returns policy'])('question: %j', (text) => {
    expect(recognizeIntent(text)).toBe('question');
  });

  it('a long message that starts with "hi" and asks something is a question', () => {
    expect(recognizeIntent('hi, I ordered a blue sweater last week and it has not arrived, where is it?')).toBe('question');
    expect(recognizeIntent('Привет! Я заказал свитер на прошлой неделе, а он так и не пришёл, где он?')).toBe('question');
  });

  it('a long message that thanks and asks more is a question', () => {
    expect(recognizeIntent('Thanks for the answer, but how long does a refund take to reach my card?')).toBe('question');
  });

  it('a word that merely contains a greeting is not a greeting', () => {
    expect(recognizeIntent('history of my orders')).toBe('question');
    expect(recognizeIntent('Hithere')).toBe('question');
  });

  it('a greeting or thanks that asks a real question is a question', () => {
    expect(recognizeIntent('Hi, do you ship abroad?')).toBe('question');
    expect(recognizeIntent('Hello, where is my order?')).toBe('question');
    expect(recognizeIntent('Thanks, but where is my refund?')).toBe('question');
  });

  it('mentioning operators, agents or people without asking for one is not a handoff', () => {
    expect(recognizeIntent('Какие операторы связи вы поддерживаете?')).toBe('question');
    expect(recognizeIntent('Is the agent discount still on?')).toBe('question');
    expect(recognizeIntent('На сколько человек рассчитан набор?')).toBe('question');
  });

  it.each(['Дайте оператора', 'give me a human', 'human please', 'Хочу поговорить с человеком'])('asks for a person, however phrased: %j', (text) => {
    expect(recognizeIntent(text)).toBe('handoff_request');
  });

  it('a word that merely contains a handoff keyword is not a handoff', () => {
    expect(recognizeIntent('Can I return a personalised mug?')).toBe('question');
    expect(recognizeIntent('Do you sell reagents?')).toBe('question');
  });
});

describe('detectLanguage', () => {
  it('recognises Russian and English text by its script', () => {
    expect(detectLanguage('Где мой заказ?')).toBe('ru');
    expect(detectLanguage('Where is my order?')).toBe('en');
  });

  it('goes by the dominant script in mixed text', () => {
    expect(detectLanguage('Где мой заказ iPhone?')).toBe('ru');
    expect(detectLanguage('Where is my заказ order?')).toBe('en');
  });

  it('falls back to the channel locale when the text has no letters', () => {
    expect(detectLanguage('👍 123 ?', 'ru-RU')).toBe('ru');
    expect(detectLanguage('👍 123 ?', 'RU')).toBe('ru');
    expect(detectLanguage('👍 123 ?', 'de')).toBe('en');
    expect(detectLanguage('👍')).toBe('en');
  });

  it('lets the text win over the locale', () => {
    expect(detectLanguage('Hello there', 'ru')).toBe('en');
    expect(detectLanguage('Привет', 'en-US')).toBe('ru');
  });
});
