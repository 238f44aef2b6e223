export type Intent =
  | 'greeting'
  | 'handoff_request'
  | 'thanks'
  | 'question'
  | 'product_question'
  | 'order_status'
  | 'add_to_cart'
  | 'checkout'
  | 'apply_discount'
  | 'choose_slot'
  | 'confirm'
  | 'decline'
  | 'complaint'
  | 'return'
  | 'opt_out'
  | 'small_talk'
  | 'csat_answer'
  | 'price_haggle';

// \b only knows ASCII letters; this boundary works for Cyrillic too.
const END = '(?![\\p{L}\\p{N}_])';
const START = '(?<![\\p{L}\\p{N}_])';
const word = (alternatives: string) => new RegExp(`${START}(${alternatives})${END}`, 'iu');

const PERSON_EN = word('human|humans|person|someone|somebody|operator|agent|manager|representative|support team|staff');
const ASK_EN = word("talk|speak|chat|connect|transfer|put me through|get me|give me|want|need|let me|can i|could i|i'd like");
const PERSON_PHRASE_EN = word('real person|live agent|live person|human being|real human');
const PERSON_RU = /(?<![\p{L}])(оператор|человек|менеджер|сотрудник|живо[йм]|живого|консультант)/iu;
const ASK_RU = /(?<![\p{L}])(позов|позвать|дай|дайте|соедин|переключ|нуж[еннао]|хочу|свяж|поговор|можно|пригласи|переведите)/iu;

const GREETING = new RegExp(
  `^\\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings|привет|здравствуй(те)?|добрый (день|вечер)|доброе утро|доброго (дня|вечера))${END}[\\s!.,]*`,
  'iu',
);
const THANKS = word('thanks|thank you|thx|cheers|спасибо|благодарю');

const OPT_OUT = new RegExp(
  [
    `${START}(unsubscribe|stop (sending|messaging|texting|writing)|opt[ -]?out|no more (messages|offers|promotions|marketing)|don'?t (send|message|text|write to) me)`,
    `(?<![\\p{L}])(отпиш|отписа|не пиши|не присылай|хватит (писать|присылать|слать)|не надо (писать|присылать)|больше не (пиши|присылай|пишите)|стоп рассылк|без рассылок)`,
    `^\\s*(stop|стоп)\\s*[.!]*\\s*$`,
  ].join('|'),
  'iu',
);
const ORDER_STATUS = new RegExp(
  [
    `${START}(where('?s| is) my (order|parcel|package|delivery)|order status|track(ing)? (my )?(order|parcel|package)|has (my|the) (order|parcel|package) (shipped|arrived|been sent)|not (arrived|delivered|come)|hasn'?t (arrived|come)|when will (my|the) (order|parcel|package))`,
    `(?<![\\p{L}])(где (мой|моя|мои) (заказ|посылк|доставк)|статус заказа|отследить|не (пришёл|пришел|пришла|доставили|привезли)|когда (привезут|придёт|придет|доставят)|отправили (ли )?(мой )?заказ)`,
  ].join('|'),
  'iu',
);
const RETURN = new RegExp(
  `${START}(return (it|this|my|the|an?)|want to return|send (it )?back|refund|money back|exchange (it|this|my))|(?<![\\p{L}])(верну|вернуть (заказ|товар|деньги|его|её|ее)|возврат|обменять|обмен товар)`,
  'iu',
);
const COMPLAINT = new RegExp(
  [
    `${START}(broken|damaged|defective|doesn'?t work|does not work|not working|stopped working|wrong (item|size|colou?r|product)|terrible|awful|horrible|worst|ridiculous|unacceptable|disgusting|scam|complain|complaint|angry|furious|fed up|useless|rubbish|crap|wtf)${END}`,
    `(?<![\\p{L}])(сломан|разбит|бракован|брак${END}|не работает|перестал работать|не тот|ужас|кошмар|отвратительн|безобраз|возмутительн|обман|жалоб|претензи|бесит|достали|надоело|издевательств|хамств|разочарован)`,
  ].join('|'),
  'iu',
);
const ADD_TO_CART = new RegExp(
  `${START}(add( [^.?!]{1,60}?)? to (my |the )?(cart|basket)|add (it|this|that|one|two|\\d+)|put (it|this|one) in|i'?ll (take|have|buy) (it|this|that|one|two|\\d+|the)|i want to (buy|order)|buy (it|this|that|one|two|\\d+)|order (it|this|that|one|two|\\d+)|(^|\\s)add:)|(?<![\\p{L}])(добав|в корзину|беру|возьму|хочу (купить|заказать)|куплю|закажу|положи)`,
  'iu',
);
const CHECKOUT = new RegExp(
  `${START}(checkout|check out|place (the |my |an )?order|pay( now)?|proceed|complete (the |my )?(order|purchase)|finali[sz]e|that'?s all|ready to (order|pay))${END}|(?<![\\p{L}])(оформ|оплат|к оплате|это всё|это все|готов заказать)`,
  'iu',
);
const DISCOUNT = new RegExp(
  `${START}(coupon|promo( ?code)?|discount code|voucher|use (my )?(\\d+ )?(loyalty )?points|redeem|bonus points)|(?<![\\p{L}])(купон|промокод|скидочн|спиш[иу]|списать|использ[а-я]* (\\d+ )?(балл|бонус)|балл)`,
  'iu',
);
const HAGGLE = new RegExp(
  `${START}(for \\$?\\d+( dollars?)?$|sell (it |this )?(to me )?for|cheaper|lower (the )?price|give me (a |an )?(discount|\\d+ ?%)|\\d+ ?% off|free of charge|for free|make it \\$?\\d+|price should be)|(?<![\\p{L}])(дешевле|скидк[уи] (дай|мне|хочу|сделай)|сделайте скидку|за \\d+ (руб|₽|доллар)|бесплатно|продай(те)? за)`,
  'iu',
);
const SLOT = /(^|\s)slot:[\w-]+|(?<![\p{L}])(tomorrow|today|morning|evening|завтра|сегодня|утром|вечером)(?![\p{L}])/iu;
const YES = new RegExp(
  `^\\s*(yes|yep|yeah|yup|sure|confirm(ed)?|ok(ay)?|go ahead|place it|do it|да|ага|подтверждаю|подтвердить|оформляй(те)?|давай(те)?|хорошо|конечно)(,? (please|пожалуйста|confirm|place (the )?order|подтверждаю))?[\\s.!]*$|^confirm:`,
  'iu',
);
const NO = new RegExp(`^\\s*(no|nope|cancel|not now|don'?t|нет|не надо|отмена|отменить|не сейчас)(${END}|[\\s.!,]*$)|^cancel:`, 'iu');
const PRODUCT = new RegExp(
  `${START}(do you (have|sell|stock)|in stock|recommend|suggest|looking for|which (one|is better)|compare|difference between|price of|how much (is|does|are)|show me|what .*(coffee|tea|beans|grinder|product|size|model))|(?<![\\p{L}])(есть ли|есть у вас|в наличии|посоветуй|порекомендуй|подбер|ищу|сравни|чем отлича|сколько стоит|какой (лучше|выбрать)|покажи)`,
  'iu',
);
const SMALL_TALK = new RegExp(
  `^\\s*(how are you|how'?s it going|what'?s up|who are you|are you a (bot|robot|human)|nice|cool|great|ok|lol|как дела|как ты|кто ты|ты бот|ты робот|отлично|класс|понятно|ясно)[\\s?!.)]*$`,
  'iu',
);
const CSAT = /^\s*(csat:)?[1-5]\s*(\/\s*5)?\s*[⭐★]*\s*$/u;

const wordsOf = (t: string) => t.split(/\s+/).filter(Boolean).length;

/** "Talk to a person", "оператор", "позовите менеджера" — but not "which mobile operators do you support?". */
function asksForPerson(t: string, words: number): boolean {
  if (/^handoff$/i.test(t)) return true;
  if (PERSON_PHRASE_EN.test(t)) return true;
  const person = PERSON_EN.test(t) || PERSON_RU.test(t);
  return person && (words <= 3 || ASK_EN.test(t) || ASK_RU.test(t));
}

export interface IntentContext {
  /** A quote waits for the customer's yes. */
  pendingQuote?: boolean;
  /** The one-tap survey was sent and not answered yet. */
  csatPending?: boolean;
  /** A checkout is under way: "tomorrow morning" picks a delivery slot. */
  checkoutStarted?: boolean;
}

/** Every intent in the message, the one to act on first. */
export function recognizeIntents(text: string, ctx: IntentContext = {}): Intent[] {
  const t = text.trim();
  const words = wordsOf(t);
  const found: Intent[] = [];
  const add = (i: Intent) => !found.includes(i) && found.push(i);
  if (asksForPerson(t, words)) add('handoff_request');
  if (OPT_OUT.test(t)) add('opt_out');
  if (ctx.csatPending && CSAT.test(t)) add('csat_answer');
  if (/^csat:[1-5]$/i.test(t)) add('csat_answer');
  if (/^confirm:/i.test(t) || (ctx.pendingQuote && YES.test(t))) add('confirm');
  if (/^cancel:/i.test(t) || (ctx.pendingQuote && NO.test(t))) add('decline');
  if (COMPLAINT.test(t)) add('complaint');
  if (ORDER_STATUS.test(t)) add('order_status');
  if (RETURN.test(t)) add('return');
  if (HAGGLE.test(t)) add('price_haggle');
  if (DISCOUNT.test(t)) add('apply_discount');
  if (/^(slot|address):/i.test(t) || (ctx.checkoutStarted && SLOT.test(t) && words <= 4)) add('choose_slot');
  if (ADD_TO_CART.test(t)) add('add_to_cart');
  if (CHECKOUT.test(t)) add('checkout');
  if (PRODUCT.test(t)) add('product_question');
  const greeting = GREETING.exec(t);
  if (greeting && words <= 5) {
    const rest = t.slice(greeting[0].length);
    // "Hi, do you ship abroad?" is a question; "Привет, как дела?" is small talk.
    if (!(rest.includes('?') && wordsOf(rest) >= 3)) add('greeting');
  }
  if (THANKS.test(t) && words <= 6 && !t.includes('?')) add('thanks');
  if (SMALL_TALK.test(t)) add('small_talk');
  if (!found.length) add('question');
  // A greeting or thanks that also asks for something acts on the request.
  const order: Intent[] = [
    'handoff_request', 'csat_answer', 'opt_out', 'confirm', 'decline', 'complaint', 'order_status', 'return',
    'price_haggle', 'apply_discount', 'choose_slot', 'add_to_cart', 'checkout', 'product_question', 'question',
    'greeting', 'thanks', 'small_talk',
  ];
  return found.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** The intent to act on. */
export function recognizeIntent(text: string, ctx: IntentContext = {}): Intent {
  return recognizeIntents(text, ctx)[0];
}
