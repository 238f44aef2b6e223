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

  it.each(['How long does delivery take?', 'Do you accept PayPal', 'What is your returns policy'])('question: %j', (text) => {
    expect(recognizeIntent(text)).toBe('question');
  });

  it('wanting to return something is a return (answered from the return policy)', () => {
    expect(recognizeIntent('Как вернуть товар?')).toBe('return');
    expect(recognizeIntent('Can I return a personalised mug?')).toBe('return');
    expect(recognizeIntent('Thanks, but where is my refund?')).toBe('return');
  });

  it('a long message that starts with "hi" and asks something is a question', () => {
    expect(recognizeIntent('hi, I ordered a blue sweater last week and it has not arrived, where is it?')).toBe('order_status');
    expect(recognizeIntent('Привет! Я заказал свитер на прошлой неделе, а он так и не пришёл, где он?')).toBe('order_status');
  });

  it('a long message that thanks and asks more is a question', () => {
    expect(recognizeIntent('Thanks for the answer, but how long does a refund take to reach my card?')).toBe('return');
  });

  it('a word that merely contains a greeting is not a greeting', () => {
    expect(recognizeIntent('history of my orders')).toBe('question');
    expect(recognizeIntent('Hithere')).toBe('question');
  });

  it('a greeting or thanks that asks a real question is a question', () => {
    expect(recognizeIntent('Hi, do you ship abroad?')).toBe('question');
    expect(recognizeIntent('Hello, where is my order?')).toBe('order_status');
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
    expect(recognizeIntent('Do you sell reagents?')).toBe('product_question');
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

describe('recognizeIntents: the intents of the agent loop', () => {
  it.each([
    ['Where is my order?', 'order_status'],
    ['Где мой заказ?', 'order_status'],
    ['Add two to my cart', 'add_to_cart'],
    ['Добавь в корзину', 'add_to_cart'],
    ["I'd like to checkout", 'checkout'],
    ['Оформить заказ', 'checkout'],
    ['This is ridiculous, the grinder arrived broken', 'complaint'],
    ['Ужас, пришёл сломанный', 'complaint'],
    ['I want to return it', 'return'],
    ['Хочу оформить возврат', 'return'],
    ['Unsubscribe', 'opt_out'],
    ['Не присылайте мне больше рассылку', 'opt_out'],
    ['Do you have Ethiopian coffee?', 'product_question'],
    ['Есть ли у вас кофе из Эфиопии?', 'product_question'],
    ['Use coupon SAVE10', 'apply_discount'],
    ['Примени промокод SAVE10', 'apply_discount'],
    ['Sell it to me for $1', 'price_haggle'],
    ['how are you?', 'small_talk'],
  ])('%j → %s', (text, intent) => {
    expect(recognizeIntent(text)).toBe(intent);
  });

  it('a plain yes only confirms while a quote waits for it', () => {
    expect(recognizeIntent('yes', { pendingQuote: true })).toBe('confirm');
    expect(recognizeIntent('да', { pendingQuote: true })).toBe('confirm');
    expect(recognizeIntent('yes')).not.toBe('confirm');
    expect(recognizeIntent('yes, but cheaper', { pendingQuote: true })).not.toBe('confirm');
    expect(recognizeIntent('confirm:q-1')).toBe('confirm');
  });

  it('a digit is a CSAT answer only after the survey', () => {
    expect(recognizeIntent('5', { csatPending: true })).toBe('csat_answer');
    expect(recognizeIntent('csat:4')).toBe('csat_answer');
    expect(recognizeIntent('5')).not.toBe('csat_answer');
  });

  it('"tomorrow morning" picks a slot only during checkout', () => {
    expect(recognizeIntent('tomorrow morning', { checkoutStarted: true })).toBe('choose_slot');
    expect(recognizeIntent('Good morning')).toBe('greeting');
  });
});
