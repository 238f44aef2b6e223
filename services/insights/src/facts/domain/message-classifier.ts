import { findPhrase, languageOf, phraseStems, Token, tokenize } from './text-stems';

export const BARRIERS = [
  'price', 'size_fit', 'delivery', 'payment', 'trust_quality', 'returns', 'ui_friction', 'product_question', 'complaint', 'praise',
] as const;
export type Barrier = (typeof BARRIERS)[number];

export interface Classification {
  topics: string[];
  barriers: Barrier[];
  /** What a barrier is about, "<barrier>:<thing>", e.g. "ui_friction:promo_code": what alerts group on. */
  subjects: string[];
  keyPhrases: string[];
  products: string[];
  language: 'en' | 'ru';
}

interface Lexicon {
  label: string;
  phrases: string[];
}

const lex = (label: string, phrases: string[]): Lexicon => ({ label, phrases });

/** Trouble with the interface: the customer cannot find, enter or use something. */
const FRICTION = lex("can't find", [
  'cant find', 'couldnt find', 'unable to find', 'where do i enter', 'where to enter', 'where can i enter', 'where do i put', 'where do i type',
  'where is the', 'how do i enter', 'how to enter', 'how do i apply', 'no field', 'there is no field', 'cant see', 'cant enter', 'cant apply',
  'doesnt work', 'not working', 'wont let me', 'button is missing', 'nothing happens', 'page is broken', 'keeps crashing', 'stuck on',
  'не могу найти', 'не нахожу', 'не нашел', 'не нашла', 'где ввести', 'где вводить', 'куда ввести', 'куда вводить', 'где указать', 'куда вставить',
  'где поле', 'нет поля', 'не вижу', 'не работает', 'не нажимается', 'не получается ввести', 'не получается', 'зависает', 'вылетает', 'глючит', 'ошибка на сайте',
]);

/** Things on the storefront people get stuck on; the key is the alert subject. */
const UI_OBJECTS: Record<string, string[]> = {
  promo_code: ['promo code', 'promo', 'промокод'],
  checkout: ['checkout', 'place order', 'order button', 'оформить заказ', 'оформление', 'кнопка заказа'],
  payment_form: ['payment form', 'card form', 'pay button', 'форма оплаты', 'кнопка оплаты', 'оплатить'],
  login: ['login', 'log in', 'sign in', 'password', 'войти', 'вход', 'пароль', 'личный кабинет'],
  cart: ['cart', 'basket', 'корзина', 'корзину'],
  search: ['search', 'поиск'],
  delivery_address: ['address field', 'delivery address', 'адрес доставки', 'поле адреса'],
  size_chart: ['size chart', 'size guide', 'таблица размеров', 'размерная сетка'],
  tracking: ['tracking', 'track my order', 'отслеживание', 'трек номер'],
};

const BARRIER_LEXICON: Record<Exclude<Barrier, 'ui_friction' | 'product_question'>, Lexicon> = {
  price: lex('price', ['too expensive', 'expensive', 'price', 'cost', 'cheaper', 'overpriced', 'дорого', 'дороговато', 'цена', 'стоимость', 'дешевле', 'скидка']),
  size_fit: lex('size', ['size', 'sizing', 'fit', 'too small', 'too big', 'too tight', 'размер', 'маломерит', 'большемерит', 'не подошел', 'не подойдет', 'подойдет ли', 'мал', 'велик']),
  delivery: lex('delivery', ['delivery', 'shipping', 'deliver', 'courier', 'arrive', 'still not received', 'доставка', 'доставить', 'курьер', 'привезут', 'не пришел', 'не пришла', 'посылка']),
  payment: lex('payment', ['payment', 'pay', 'card declined', 'declined', 'charged', 'оплата', 'оплатить', 'карта', 'платеж', 'списали', 'не проходит оплата']),
  trust_quality: lex('quality', ['quality', 'fake', 'original', 'genuine', 'reviews', 'reliable', 'guarantee', 'warranty', 'scam', 'legit', 'broke after', 'качество', 'подделка', 'оригинал', 'отзывы', 'гарантия', 'надежн', 'развод', 'сломался']),
  returns: lex('returns', ['return', 'refund', 'exchange', 'send it back', 'money back', 'возврат', 'вернуть', 'обмен', 'обменять', 'вернуть деньги']),
  complaint: lex('complaint', ['terrible', 'awful', 'worst', 'disappointed', 'complain', 'complaint', 'unacceptable', 'ridiculous', 'angry', 'ужасно', 'ужасный', 'плохо', 'отвратительн', 'жалоба', 'безобразие', 'недоволен', 'недовольна', 'возмутительно', 'кошмар']),
  praise: lex('praise', ['thank you', 'thanks', 'great', 'love it', 'awesome', 'excellent', 'perfect', 'amazing', 'спасибо', 'отлично', 'супер', 'классно', 'понравилось', 'благодарю', 'круто']),
};

const QUESTION_WORDS = ['does it', 'is it', 'is there', 'do you have', 'which', 'what', 'how', 'can i', 'есть ли', 'а есть', 'какой', 'какая', 'какие', 'сколько', 'подходит ли', 'можно ли', 'как'];
const PRODUCT_WORDS = ['material', 'color', 'colour', 'in stock', 'available', 'dimensions', 'weight', 'compatible', 'ingredients', 'материал', 'цвет', 'в наличии', 'наличие', 'размеры', 'вес', 'совместим', 'состав', 'характеристики'];

const TOPIC_LEXICON: Lexicon[] = [
  lex('order_status', ['where is my order', 'order status', 'my order', 'track', 'где мой заказ', 'статус заказа', 'мой заказ', 'заказ']),
  lex('promo', ['promo code', 'promo', 'промокод', 'акция']),
  lex('stock', ['in stock', 'out of stock', 'available', 'в наличии', 'нет в наличии', 'наличие']),
  lex('account', ['account', 'login', 'password', 'аккаунт', 'пароль', 'личный кабинет']),
  lex('loyalty', ['points', 'bonus', 'loyalty', 'баллы', 'бонусы']),
  lex('human_request', ['human', 'operator', 'real person', 'manager', 'оператор', 'человек', 'менеджер', 'живой']),
];

const compiled = new Map<string, string[]>();
const stems = (phrase: string) => {
  let s = compiled.get(phrase);
  if (!s) compiled.set(phrase, (s = phraseStems(phrase)));
  return s;
};
const hits = (tokens: Token[], phrases: string[]) => phrases.some((p) => findPhrase(tokens, stems(p)) >= 0);

const STOP = new Set(
  ('a an the i me my we you your it its is are was be to of in on for and or but with at this that not no do does did can cant have has ' +
    'please hi hello just so there where what how why when which would could should any some dont doesnt ' +
    'и в во не на я с со что а по к у же вы мне меня мой моя это как из за то ли бы но да нет так где куда здесь там уже вот ну для при до').split(' '),
);

/** Up to three content-word bigrams, as written: what the meaning cloud shows besides the canonical labels. */
function contentBigrams(tokens: Token[]): string[] {
  const content = tokens.filter((t) => !STOP.has(t.word) && t.word.length > 2 && !/^\d+$/.test(t.word));
  const out: string[] = [];
  for (let i = 0; i + 1 < content.length && out.length < 3; i++) out.push(`${content[i].word} ${content[i + 1].word}`);
  return out;
}

export interface KnownProduct {
  productId: string;
  name: string;
}

/**
 * Rule-based reading of one customer message in English or Russian: stems make "can't find the
 * promo code field", "где ввести промокод" and "не могу найти поле для промокода" one subject.
 */
export function classifyMessage(text: string, products: KnownProduct[] = []): Classification {
  const tokens = tokenize(text);
  const barriers = new Set<Barrier>();
  const subjects = new Set<string>();
  const topics = new Set<string>();
  const phrases = new Set<string>();

  const friction = hits(tokens, FRICTION.phrases);
  const objects = Object.entries(UI_OBJECTS).filter(([, p]) => hits(tokens, p)).map(([k]) => k);
  if (friction && (objects.length || hits(tokens, ['site', 'website', 'app', 'page', 'button', 'field', 'сайт', 'приложение', 'страница', 'кнопка', 'поле']))) {
    barriers.add('ui_friction');
    for (const o of objects.length ? objects : ['general']) subjects.add(`ui_friction:${o}`);
    phrases.add(FRICTION.label);
    for (const o of objects) phrases.add(o.replace(/_/g, ' '));
  }
  for (const [barrier, l] of Object.entries(BARRIER_LEXICON) as [Barrier, Lexicon][]) {
    // A price word inside a promo-code friction is the interface's problem, not the price's.
    if (barrier === 'price' && barriers.has('ui_friction') && objects.includes('promo_code')) continue;
    if (barrier === 'payment' && barriers.has('ui_friction') && objects.includes('payment_form')) continue;
    if (hits(tokens, l.phrases)) {
      barriers.add(barrier);
      subjects.add(`${barrier}:general`);
      phrases.add(l.label);
    }
  }
  const mentioned = products.filter((p) => {
    const name = stems(p.name.toLowerCase());
    return name.length > 0 && findPhrase(tokens, name, 1) >= 0;
  });
  const asks = text.includes('?') || hits(tokens, QUESTION_WORDS);
  if (asks && (mentioned.length || hits(tokens, PRODUCT_WORDS)) && !barriers.has('ui_friction')) {
    barriers.add('product_question');
    subjects.add(mentioned.length ? `product_question:${mentioned[0].productId}` : 'product_question:general');
  }
  for (const b of barriers) if (b !== 'praise' && b !== 'complaint') topics.add(b);
  for (const l of TOPIC_LEXICON) if (hits(tokens, l.phrases)) topics.add(l.label);
  for (const p of contentBigrams(tokens)) phrases.add(p);
  return {
    topics: [...topics],
    barriers: [...barriers],
    subjects: [...subjects],
    keyPhrases: [...phrases].slice(0, 8),
    products: mentioned.map((p) => p.productId),
    language: languageOf(text),
  };
}

const CARD = /\b\d(?:[ -]?\d){11,18}\b/g;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const PHONE = /\+?\d[\d\s().-]{7,}\d/g;
const INTERNATIONAL_PHONE = /\+\d[\d\s().-]{7,}\d/g;

/** A quote fit for dashboards, alerts and streams: card numbers, e-mails and phone numbers masked. */
export function maskPii(text: string): string {
  return text.replace(EMAIL, '[email]').replace(INTERNATIONAL_PHONE, '[phone]').replace(CARD, '[number]').replace(PHONE, '[phone]').slice(0, 500);
}
