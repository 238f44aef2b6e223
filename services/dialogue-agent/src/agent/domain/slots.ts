/** Values the offline policy pulls out of a message. */
export interface Slots {
  quantity?: number;
  couponCode?: string;
  /** -1 = "all my points". */
  points?: number;
  productQuery?: string;
  productId?: string;
  slotId?: string;
  addressId?: string;
  orderId?: string;
  quoteId?: string;
  csatScore?: number;
  /** "tomorrow" / "today" / "morning" / "evening" as a slot preference. */
  slotHint?: string;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, a: 1, an: 1, pair: 2,
  один: 1, одну: 1, одна: 1, два: 2, две: 2, три: 3, четыре: 4, пять: 5, шесть: 6, пару: 2,
};

const STOP = new Set(
  (
    'i me my you your we the a an to of for and or in on at is are be do does have has it this that these those with about please want would like ' +
    'need looking show tell give get can could any some which what how much many price cost costs recommend suggest sell stock available ' +
    'add cart basket buy order take ill i\'ll one two three compare difference between better best is there there\'s hi hello hey ' +
    'я мне мой моя мои вы вас ваш у есть ли в на по для и или с о об про это этот эта эти тот какой какая какие сколько стоит стоят ' +
    'хочу нужен нужна нужно купить заказать добавь добавьте корзину беру возьму посоветуй посоветуйте порекомендуй подбери ищу покажи ' +
    'пожалуйста сравни чем отличается лучше один одну два две три пару привет здравствуйте наличии'
  ).split(/\s+/),
);

export function extractSlots(text: string): Slots {
  const t = text.trim();
  const s: Slots = {};
  const payload = /^(add|slot|confirm|cancel|order|csat|product|address):([\w.-]+)/i.exec(t);
  if (payload) {
    const [, kind, value] = payload;
    if (kind.toLowerCase() === 'add' || kind.toLowerCase() === 'product') s.productId = value;
    if (kind.toLowerCase() === 'slot') s.slotId = value;
    if (kind.toLowerCase() === 'address') s.addressId = value;
    if (kind.toLowerCase() === 'confirm' || kind.toLowerCase() === 'cancel') s.quoteId = value;
    if (kind.toLowerCase() === 'order') s.orderId = value;
    if (kind.toLowerCase() === 'csat') s.csatScore = Number(value);
    return s;
  }
  if (/^\s*[1-5]\s*(\/\s*5)?\s*[⭐★]*\s*$/u.test(t)) s.csatScore = Number(/[1-5]/.exec(t)![0]);
  const qty = /(?<![\p{L}\p{N}])(\d{1,3})\s*(x|pcs|packs?|bags?|шт|штук[иа]?|пач[а-я]*|упаков[а-я]*)?(?![\p{L}\p{N}%])/iu.exec(t);
  const qtyWord = /(?<![\p{L}])(one|two|three|four|five|six|pair|один|одну|одна|два|две|три|четыре|пять|шесть|пару)(?![\p{L}])/iu.exec(t);
  const coupon = /(?<![\p{L}])(coupon|promo(?: ?code)?|code|voucher|купон|промокод)\s*[:#-]?\s*["«]?([A-Za-z0-9][A-Za-z0-9_-]{2,31})/iu.exec(t);
  if (coupon) s.couponCode = coupon[2].toUpperCase();
  const points = /(\d{1,7})\s*(loyalty )?(points|pts|балл[а-я]*|бонус[а-я]*)/iu.exec(t);
  if (points) s.points = Number(points[1]);
  else if (/(all|my) (loyalty )?points|все баллы|всеми баллами|баллами|списать баллы|use points|redeem points/iu.test(t)) s.points = -1;
  if (qty && !points && !(coupon && coupon[2].includes(qty[1]))) {
    const n = Number(qty[1]);
    if (n > 0 && n <= 50) s.quantity = n;
  } else if (qtyWord) s.quantity = NUMBER_WORDS[qtyWord[1].toLowerCase()];
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(t);
  if (uuid) s.orderId = uuid[0];
  const hint = /(?<![\p{L}])(tomorrow|today|morning|evening|завтра|сегодня|утром|вечером)(?![\p{L}])/iu.exec(t);
  if (hint) s.slotHint = hint[1].toLowerCase();
  const words = (t.toLowerCase().match(/[\p{L}][\p{L}'-]*/gu) ?? []).filter((w) => !STOP.has(w) && w.length > 1);
  const cleaned = words.filter((w) => !/^(coupon|promo|code|купон|промокод|points|баллы|баллов|балла)$/.test(w) && w.toUpperCase() !== s.couponCode);
  if (cleaned.length) s.productQuery = cleaned.slice(0, 6).join(' ');
  return s;
}
