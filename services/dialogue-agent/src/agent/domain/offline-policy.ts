import { acknowledgement, shapeCalmReply, styleLead } from '../../affect';
import type { DecisionStyle, ToneMode } from '../../affect';
import type { ToolBox } from '../tools/tool-box';
import type { Intent } from './intent';
import type { Language } from './language';
import { parseAddress } from './agent-state';
import { formatMoney } from './money';
import type { Slots } from './slots';

export interface PolicyInput {
  text: string;
  intents: Intent[];
  slots: Slots;
  language: Language;
  customerName: string;
  tone: { mode: ToneMode; offerHuman: boolean; allowCrossSell: boolean; maxCompensationMinor: number };
  style: DecisionStyle;
  /** The customer sent an image and no vision model is available. */
  imageWithoutVision?: boolean;
  knowledgeMinScore: number;
  /** Due prediction, e.g. a product that runs out soon. */
  dueReorder?: { productName: string; reason: string };
  turnSeed?: number;
}

export interface PolicyOutcome {
  intent: Intent;
  text: string;
  quickReplies: { label: string; payload: string }[];
  handoff: boolean;
  reason: string;
  humanOffered: boolean;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const T = {
  en: {
    greeting: (name: string) => `Hello${name ? `, ${name}` : ''}! I'm the shop's assistant. Ask me about our products, your order, delivery or returns.`,
    continueWith: (what: string) => `Last time we talked about ${what} — shall we continue?`,
    reorder: (what: string) => `By the way, your ${what} may be running low — want me to reorder it?`,
    thanks: 'You are welcome! Anything else I can help with?',
    smallTalk: "I'm the shop's virtual assistant — happy to chat, and even happier to help you find something or sort out an order.",
    handoff: "Sure — I'm passing you to a person now. Someone from the team will reply right here shortly.",
    unknown: "I don't know that for sure, and I'd rather not guess. I'm passing you to a person who can help — they will reply right here.",
    human: 'Talk to a person',
    optOut: "Done — you won't get marketing messages from us any more. You will still get replies about your orders.",
    noProducts: (q: string) => `I couldn't find "${q}" in our catalog. Could you describe it differently?`,
    found: 'Here is what we have:',
    add: 'Add to cart',
    addOneTap: (price: string) => `Add to cart — ${price}`,
    left: (n: number) => (n > 0 && n <= 5 ? ` Only ${n} left.` : ''),
    added: (q: number, name: string, subtotal: string) => `Added ${q}× ${name}. Cart total so far: ${subtotal}.`,
    crossSell: (name: string, price: string) => `Goes well with it: ${name} (${price}).`,
    checkout: 'Checkout',
    whichProduct: 'Which product would you like? Tell me its name and I will add it.',
    emptyCart: 'Your cart is empty — tell me what you would like and I will add it.',
    pickSlot: 'When should we deliver? Pick a slot:',
    pickAddress: 'Where should we deliver? Pick a saved address:',
    askAddress: 'Where should we deliver? Send the address as: street and number, city, postal code, country.',
    noSlots: 'I have no free delivery slots in the next days. I can ask a colleague to arrange delivery.',
    quote: (lines: string, total: string, discount: string, points: number) =>
      `Your order: ${lines}.${discount ? ` Discount: ${discount}.` : ''}${points ? ` Points used: ${points}.` : ''} Total: ${total}. Shall I place it?`,
    placed: (id: string, total: string) => `Your order ${id.slice(0, 8)} is placed. Total: ${total}.`,
    pay: (url: string) => ` Pay here: ${url}`,
    placeRefused: 'That quote is no longer valid, so I have not placed anything. Here is a fresh one:',
    declined: 'Cancelled — nothing was ordered. Anything else?',
    noConfirm: 'There is nothing waiting for confirmation.',
    couponNoted: (c: string) => `Noted: I will apply ${c} at checkout.`,
    pointsNoted: 'Noted: I will use your points at checkout.',
    haggle: (price: string) =>
      `I can't change prices — they are set by the shop${price ? ` (${price} now)` : ''}. If you have a coupon code, send it and I'll apply it at checkout.`,
    orderStatus: (items: string, status: string, total: string) => `Your order${items ? ` (${items})` : ''} is ${status}. Total: ${total}.`,
    noOrders: "I don't see any orders on your account yet.",
    statusUnavailable: "I can't reach the order system right now. I'm passing you to a person who can check.",
    imageNoVision:
      "I can't look at images here. Please describe the problem in a few words (for example, what is broken and the order it came with) — or I can pass the photo to a person.",
    complaintFix: 'Tell me your order and what went wrong, and I will fix it or pass it to a colleague right away.',
    compensation: (code: string, value: string) => `As an apology, here is a coupon for ${value}: ${code}.`,
    returnsLead: 'Here is our return policy:',
    slotLabel: (d: Date) => d.toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }),
    confirm: 'Confirm',
    csatThanks: 'Thank you for your rating!',
    unsure: 'I did not quite get that. Could you rephrase, or shall I pass you to a person?',
  },
  ru: {
    greeting: (name: string) => `Здравствуйте${name ? `, ${name}` : ''}! Я помощник магазина. Спросите о товарах, заказе, доставке или возврате.`,
    continueWith: (what: string) => `В прошлый раз мы говорили про ${what} — продолжим?`,
    reorder: (what: string) => `Кстати, ${what} скоро может закончиться — оформить повторный заказ?`,
    thanks: 'Пожалуйста! Могу ещё чем-то помочь?',
    smallTalk: 'Я виртуальный помощник магазина — рад поболтать, а ещё больше рад помочь с покупкой или заказом.',
    handoff: 'Конечно — передаю вас сотруднику. Вам ответят прямо здесь в ближайшее время.',
    unknown: 'Точно не знаю и не хочу гадать. Передаю вас сотруднику — вам ответят прямо здесь.',
    human: 'Связаться с человеком',
    optOut: 'Готово — рекламных сообщений больше не будет. Сообщения о ваших заказах продолжат приходить.',
    noProducts: (q: string) => `Не нашёл «${q}» в каталоге. Опишите, пожалуйста, иначе?`,
    found: 'Вот что есть:',
    add: 'В корзину',
    addOneTap: (price: string) => `В корзину — ${price}`,
    left: (n: number) => (n > 0 && n <= 5 ? ` Осталось всего ${n}.` : ''),
    added: (q: number, name: string, subtotal: string) => `Добавил ${q}× ${name}. Сумма корзины: ${subtotal}.`,
    crossSell: (name: string, price: string) => `К нему хорошо подойдёт: ${name} (${price}).`,
    checkout: 'Оформить',
    whichProduct: 'Какой товар добавить? Напишите название.',
    emptyCart: 'Корзина пуста — напишите, что добавить.',
    pickSlot: 'Когда доставить? Выберите время:',
    pickAddress: 'Куда доставить? Выберите сохранённый адрес:',
    askAddress: 'Куда доставить? Пришлите адрес так: улица и дом, город, индекс, страна.',
    noSlots: 'Свободных слотов доставки на ближайшие дни нет. Могу попросить коллегу договориться о доставке.',
    quote: (lines: string, total: string, discount: string, points: number) =>
      `Ваш заказ: ${lines}.${discount ? ` Скидка: ${discount}.` : ''}${points ? ` Списано баллов: ${points}.` : ''} Итого: ${total}. Оформляю?`,
    placed: (id: string, total: string) => `Заказ ${id.slice(0, 8)} оформлен. Итого: ${total}.`,
    pay: (url: string) => ` Оплатить: ${url}`,
    placeRefused: 'Это предложение уже недействительно, поэтому я ничего не оформил. Вот новое:',
    declined: 'Отменено — ничего не заказано. Чем ещё помочь?',
    noConfirm: 'Сейчас нечего подтверждать.',
    couponNoted: (c: string) => `Принято: применю ${c} при оформлении.`,
    pointsNoted: 'Принято: спишу баллы при оформлении.',
    haggle: (price: string) =>
      `Я не могу менять цены — их устанавливает магазин${price ? ` (сейчас ${price})` : ''}. Если у вас есть промокод, пришлите его — применю при оформлении.`,
    orderStatus: (items: string, status: string, total: string) => `Ваш заказ${items ? ` (${items})` : ''}: ${status}. Сумма: ${total}.`,
    noOrders: 'Пока не вижу заказов в вашем аккаунте.',
    statusUnavailable: 'Не могу связаться с системой заказов. Передаю вас сотруднику — он проверит.',
    imageNoVision:
      'Я не умею просматривать изображения здесь. Опишите, пожалуйста, проблему парой слов (что сломалось и из какого заказа) — или я передам фото сотруднику.',
    complaintFix: 'Напишите номер заказа и что случилось — исправлю сам или сразу передам коллеге.',
    compensation: (code: string, value: string) => `В качестве извинения — купон на ${value}: ${code}.`,
    returnsLead: 'Наши условия возврата:',
    slotLabel: (d: Date) => d.toLocaleString('ru-RU', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }),
    confirm: 'Подтвердить',
    csatThanks: 'Спасибо за оценку!',
    unsure: 'Не совсем понял. Переформулируйте, пожалуйста, или передать вас сотруднику?',
  },
};

const STATUS_RU: Record<string, string> = {
  placed: 'оформлен', paid: 'оплачен', shipped: 'отправлен', delivered: 'доставлен', completed: 'выполнен', cancelled: 'отменён', refunded: 'возвращены деньги',
};

/**
 * The built-in policy used when no LLM is configured (or while it is down): recognised intents and
 * slots drive the same tools an LLM would call, and the reply is templated per tone and decision style.
 */
export async function runOfflinePolicy(input: PolicyInput, tools: ToolBox): Promise<PolicyOutcome> {
  const t = T[input.language];
  const primary = input.intents[0];
  const humanButton = { label: t.human, payload: 'handoff' };
  const out: PolicyOutcome = { intent: primary, text: '', quickReplies: [], handoff: false, reason: '', humanOffered: false };
  const st = tools.state;
  const lang = input.language;
  const money = (m: Json | undefined) => (m ? String(m.text) : '');

  const handoff = async (reason: string, text = t.handoff) => {
    await tools.call('handoff_to_human', { reason });
    return { ...out, text, handoff: true, reason };
  };

  const knowledgeAnswer = async (query: string): Promise<{ text: string; title: string; score: number } | undefined> => {
    const r = (await tools.call('search_knowledge', { query })) as Json;
    const best = (r.chunks ?? [])[0];
    if (!best || best.score < input.knowledgeMinScore) return undefined;
    tools.cite(best.chunk_id);
    return best;
  };

  const quoteFlow = async (): Promise<PolicyOutcome> => {
    st.checkoutStarted = true;
    const cart = (await tools.call('get_cart')) as Json;
    if (cart.error) return handoff(`checkout unavailable: ${cart.error}`, t.statusUnavailable);
    if (!cart.items?.length) return { ...out, text: t.emptyCart, reason: 'checkout asked with an empty cart' };
    if (st.addressId === undefined) {
      if (!st.addresses) await tools.call('get_customer_context');
      const saved = Object.values(st.addresses ?? {});
      if (saved.length === 1) st.addressId = saved[0].addressId;
      else if (saved.length > 1)
        return {
          ...out,
          text: t.pickAddress,
          quickReplies: saved.slice(0, 4).map((a) => ({ label: `${a.addressId}: ${[a.line1, a.city].filter(Boolean).join(', ')}`.slice(0, 60), payload: `address:${a.addressId}` })),
          reason: 'checkout: asked which saved address',
        };
      else {
        st.awaitingAddress = true;
        return { ...out, text: t.askAddress, reason: 'checkout: no saved address, asked for one' };
      }
    }
    if (!st.slotId) {
      const r = (await tools.call('list_delivery_slots', { days: 4 })) as Json;
      const slots: Json[] = r.slots ?? [];
      if (!slots.length) return { ...out, text: t.noSlots, quickReplies: [humanButton], humanOffered: true, reason: 'no delivery slots' };
      const hinted = pickSlot(slots, input.slots.slotHint);
      if (!hinted)
        return {
          ...out,
          text: t.pickSlot,
          quickReplies: slots.slice(0, 4).map((x) => ({ label: t.slotLabel(new Date(x.starts_at)), payload: `slot:${x.slot_id}` })),
          reason: 'checkout: asked for a delivery slot',
        };
      st.slotId = hinted.slot_id;
    }
    const q = (await tools.call('create_quote', { coupon_code: st.couponCode ?? '', points_to_redeem: st.points ?? 0, address_id: st.addressId ?? '', slot_id: st.slotId })) as Json;
    if (q.error) {
      // A coupon checkout refuses must not block the order: say so and quote without it.
      if (st.couponCode) {
        const refused = st.couponCode;
        st.couponCode = undefined;
        const again = await quoteFlow();
        const note = lang === 'ru' ? `Промокод ${refused} не применяется (${q.error}).` : `Coupon ${refused} can't be applied (${q.error}).`;
        return { ...again, text: `${note} ${again.text}` };
      }
      if (st.points) {
        st.points = undefined;
        const again = await quoteFlow();
        const note = lang === 'ru' ? `Баллы списать не получилось (${q.error}).` : `Points can't be used (${q.error}).`;
        return { ...again, text: `${note} ${again.text}` };
      }
      if (/slot/i.test(String(q.error))) st.slotId = undefined;
      return handoff(`quote failed: ${q.error}`, t.statusUnavailable);
    }
    await tools.call('request_confirmation', { quote_id: q.quote_id });
    const lines = (q.lines ?? []).map((l: Json) => `${l.quantity}× ${l.name}`).join(', ');
    const discount = q.discount?.amount_minor > 0 ? money(q.discount) : '';
    return {
      ...out,
      text: t.quote(lines, money(q.total), discount, q.points_redeemed ?? 0),
      quickReplies: [...tools.quickReplies],
      reason: `quote ${q.quote_id} from checkout shown for explicit confirmation`,
    };
  };

  const productTable = (products: Json[], rows: Json[]) => {
    const head = `| | ${products.map((p) => p.name).join(' | ')} |`;
    const price = `| ${lang === 'ru' ? 'цена' : 'price'} | ${products.map((p) => money(p.price)).join(' | ')} |`;
    const attrs = rows.slice(0, 4).map((r) => `| ${r.attribute} | ${r.values.join(' | ')} |`);
    return [head, price, ...attrs].join('\n');
  };

  const decorate = (o: PolicyOutcome): PolicyOutcome => {
    let text = o.text;
    let quickReplies = o.quickReplies;
    let humanOffered = o.humanOffered || o.handoff;
    if (input.tone.mode === 'calm' && !o.handoff) {
      text = shapeCalmReply(text, lang, { offerHuman: true, seed: input.turnSeed ?? 0, maxSentences: 4 });
      humanOffered = true;
    } else if (input.tone.mode === 'warm' && !o.handoff && ['add_to_cart', 'product_question', 'confirm', 'thanks'].includes(o.intent)) {
      text = `${acknowledgement('warm', lang, input.turnSeed ?? 0)} ${text}`;
    }
    if ((input.tone.offerHuman || input.tone.mode === 'calm') && !o.handoff && !quickReplies.some((q) => q.payload === 'handoff')) {
      quickReplies = [...quickReplies, humanButton];
      humanOffered = true;
    }
    return { ...o, text, quickReplies, humanOffered };
  };

  if (st.awaitingAddress && !['handoff_request', 'opt_out', 'decline', 'complaint'].includes(primary) && /\d/.test(input.text) && /,/.test(input.text)) {
    const a = parseAddress('chat', input.text);
    if (a) {
      st.addresses = { ...(st.addresses ?? {}), chat: a };
      st.addressId = 'chat';
      st.awaitingAddress = false;
      return decorate({ ...(await quoteFlow()), intent: 'checkout' });
    }
  }

  if (input.imageWithoutVision && !['handoff_request', 'opt_out'].includes(primary))
    return decorate({ ...out, text: t.imageNoVision, quickReplies: [humanButton], humanOffered: true, reason: 'image received; no vision model configured' });

  switch (primary) {
    case 'handoff_request':
      return handoff('customer asked for a person');
    case 'opt_out': {
      const r = (await tools.call('set_consent', { granted: false })) as Json;
      return decorate({ ...out, text: t.optOut, reason: r.error ? `opt-out: consent service failed (${r.error})` : 'opt-out said in chat: marketing consent revoked' });
    }
    case 'csat_answer':
      return { ...out, text: t.csatThanks, reason: `CSAT answer ${input.slots.csatScore ?? ''}` };
    case 'greeting': {
      const first = input.customerName.split(/\s+/)[0] ?? '';
      const parts = [t.greeting(first)];
      const last = st.lastProducts?.[0];
      if (last) parts.push(t.continueWith(last.name));
      else if (input.dueReorder && input.tone.allowCrossSell) parts.push(t.reorder(input.dueReorder.productName));
      const qr = last ? [{ label: t.addOneTap(formatMoney(last.priceMinor, last.currency, lang)), payload: `add:${last.productId}` }] : [];
      return decorate({ ...out, text: parts.join(' '), quickReplies: qr, reason: last ? `greeting; continuing from ${last.name}` : 'greeting recognized' });
    }
    case 'thanks':
      return decorate({ ...out, text: t.thanks, reason: 'thanks recognized' });
    case 'small_talk':
      return decorate({ ...out, text: t.smallTalk, reason: 'small talk' });
    case 'confirm': {
      const pending = st.pendingQuote;
      if (!pending) return decorate({ ...out, text: t.noConfirm, reason: 'confirmation without a pending quote' });
      const r = (await tools.call('place_order', { quote_id: input.slots.quoteId ?? pending.quoteId })) as Json;
      if (r.error) {
        const fresh = await quoteFlow();
        return decorate({ ...fresh, intent: 'confirm', text: `${t.placeRefused} ${fresh.text}`, reason: `order refused: ${r.error}` });
      }
      await tools.call('schedule_follow_up', { after_days: 7, topic: `order ${r.order_id} after delivery` });
      return decorate({ ...out, text: t.placed(r.order_id, money(r.total)) + (r.payment_url ? t.pay(r.payment_url) : ''), reason: `order ${r.order_id} placed after explicit confirmation of its quote` });
    }
    case 'decline':
      st.pendingQuote = undefined;
      return decorate({ ...out, text: t.declined, reason: 'customer declined the quote' });
    case 'complaint': {
      const parts: string[] = [];
      let reason = 'complaint: fastest fix first';
      if (/order|deliver|parcel|package|arriv|заказ|доставк|посылк|приш/i.test(input.text)) {
        const r = (await tools.call('order_status', {})) as Json;
        const o = r.orders?.[0];
        if (o) parts.push(statusLine(o, lang, money));
      }
      if (!parts.length) parts.push(t.complaintFix);
      if (input.tone.maxCompensationMinor > 0) {
        const c = (await tools.call('offer_compensation', { value_minor: input.tone.maxCompensationMinor, reason: 'service failure' })) as Json;
        if (c.code) {
          parts.push(t.compensation(c.code, money(c.value)));
          reason += '; compensation within the tenant cap';
        }
      }
      await tools.call('record_barrier', { kind: 'complaint', detail: input.text.slice(0, 80) });
      return decorate({ ...out, text: parts.join(' '), quickReplies: [humanButton], humanOffered: true, reason });
    }
    case 'order_status': {
      const r = (await tools.call('order_status', input.slots.orderId ? { order_id: input.slots.orderId } : {})) as Json;
      if (r.error) return handoff(`order status unavailable: ${r.error}`, t.statusUnavailable);
      const o = r.orders?.[0];
      if (!o) return decorate({ ...out, text: t.noOrders, reason: 'order status: no orders' });
      return decorate({ ...out, text: statusLine(o, lang, money), reason: `order status of ${o.order_id} from checkout` });
    }
    case 'return': {
      const k = await knowledgeAnswer(`${input.text} return refund policy возврат`);
      if (!k) return handoff('return asked; no return policy in the knowledge base', t.unknown);
      return decorate({ ...out, text: `${t.returnsLead} ${k.text}`, quickReplies: [humanButton], humanOffered: true, reason: `return policy from knowledge "${k.title}" (score ${Number(k.score).toFixed(3)})` });
    }
    case 'price_haggle': {
      await tools.call('record_barrier', { kind: 'price_too_high', detail: input.text.slice(0, 80) });
      const p = st.lastProducts?.[0];
      return decorate({ ...out, text: t.haggle(p ? formatMoney(p.priceMinor, p.currency, lang) : ''), reason: 'price pressure: prices only come from checkout; barrier recorded' });
    }
    case 'apply_discount': {
      if (input.slots.couponCode) st.couponCode = input.slots.couponCode;
      if (input.slots.points !== undefined) st.points = input.slots.points;
      if (st.checkoutStarted || input.intents.includes('checkout')) return decorate(await quoteFlow());
      return decorate({ ...out, text: input.slots.couponCode ? t.couponNoted(input.slots.couponCode) : t.pointsNoted, reason: 'discount noted for checkout' });
    }
    case 'choose_slot': {
      if (input.slots.slotId) st.slotId = input.slots.slotId;
      if (input.slots.addressId && st.addresses?.[input.slots.addressId]) st.addressId = input.slots.addressId;
      if (!st.slotId && input.slots.slotHint) st.checkoutStarted = true;
      return decorate(await quoteFlow());
    }
    case 'checkout':
      if (input.slots.couponCode) st.couponCode = input.slots.couponCode;
      return decorate(await quoteFlow());
    case 'add_to_cart': {
      let product = input.slots.productId ? st.lastProducts?.find((p) => p.productId === input.slots.productId) : undefined;
      let productId = input.slots.productId;
      if (!productId && input.slots.productQuery) {
        const r = (await tools.call('search_products', { query: input.slots.productQuery })) as Json;
        const p = r.products?.[0];
        if (p) productId = p.product_id;
        product = st.lastProducts?.[0];
      }
      if (!productId && st.lastProducts?.length) {
        product = st.lastProducts[0];
        productId = product.productId;
      }
      if (!productId) return decorate({ ...out, text: t.whichProduct, reason: 'add to cart without a product' });
      const cart = (await tools.call('add_to_cart', { product_id: productId, quantity: input.slots.quantity ?? 1 })) as Json;
      if (cart.error) return decorate({ ...out, text: t.noProducts(input.slots.productQuery ?? productId), reason: `add to cart failed: ${cart.error}` });
      const line = (cart.items as Json[]).find((i) => i.product_id === productId);
      const parts = [t.added(input.slots.quantity ?? 1, line?.name ?? product?.name ?? '', money(cart.subtotal))];
      const qr = [{ label: t.checkout, payload: 'checkout' }];
      let reason = `added ${productId} to the cart`;
      if (input.tone.allowCrossSell) {
        const rec = (await tools.call('recommend_products', { query: crossSellQuery(line?.name ?? product?.name ?? '') })) as Json;
        const other = (rec.products ?? []).find((p: Json) => p.product_id !== productId && !(cart.items as Json[]).some((i) => i.product_id === p.product_id));
        if (other) {
          parts.push(t.crossSell(other.name, money(other.price)));
          qr.push({ label: `${t.add}: ${other.name}`, payload: `add:${other.product_id}` });
          reason += '; cross-sell offered';
        }
      }
      if (input.intents.includes('checkout')) return decorate(await quoteFlow());
      return decorate({ ...out, text: parts.join(' '), quickReplies: qr, reason });
    }
    case 'product_question': {
      const query = input.slots.productQuery ?? input.text;
      const r = (await tools.call('search_products', { query })) as Json;
      let products: Json[] = r.products ?? [];
      if (!r.error && !products.length) {
        // The catalog matches all words; "Ethiopia and Colombia coffee" names two products: try the words one by one.
        const seen = new Set<string>();
        for (const w of query.split(/\s+/).filter((x) => x.length > 2).slice(0, 4)) {
          const more = ((await tools.call('search_products', { query: w })) as Json).products ?? [];
          for (const p of more) {
            if (seen.has(p.product_id)) continue;
            seen.add(p.product_id);
            products.push(p);
          }
        }
        // Products named in the question first.
        const named = (p: Json) => query.split(/\s+/).filter((w) => w.length > 2 && String(p.name).toLowerCase().includes(w)).length;
        products = products.sort((a, b) => named(b) - named(a));
        if (products.length) st.lastProducts = products.slice(0, 5).map((p) => ({ productId: p.product_id, name: p.name, priceMinor: p.price.amount_minor, currency: p.price.currency, stock: p.in_stock }));
      }
      if (r.error || !products.length) {
        const k = await knowledgeAnswer(input.text);
        if (k) return decorate({ ...out, text: k.text, quickReplies: [humanButton], humanOffered: true, reason: `answered from knowledge "${k.title}"` });
        await tools.call('record_barrier', { kind: 'not_in_catalog', detail: query.slice(0, 60) });
        return decorate({ ...out, text: t.noProducts(query), reason: 'product not found in the catalog' });
      }
      const top = products.slice(0, 3);
      const buttons = top.map((p) => ({ label: `${t.add}: ${p.name}`, payload: `add:${p.product_id}` }));
      if (input.style === 'rational' && top.length >= 2) {
        const cmp = (await tools.call('compare_products', { product_ids: top.map((p) => p.product_id) })) as Json;
        const table = productTable(cmp.products ?? top, cmp.rows ?? []);
        return decorate({ ...out, text: `${styleLead('rational', lang)}\n${table}`, quickReplies: buttons, reason: 'rational style: facts and a comparison table' });
      }
      if (input.style === 'impulsive') {
        const p = top[0];
        return decorate({
          ...out,
          text: `${styleLead('impulsive', lang)} ${p.name} — ${money(p.price)}.${t.left(p.in_stock)}`,
          quickReplies: [{ label: t.addOneTap(money(p.price)), payload: `add:${p.product_id}` }],
          reason: 'impulsive style: the offer now, one tap',
        });
      }
      const list = top.map((p) => `• ${p.name} — ${money(p.price)}${p.pack_size ? ` (${p.pack_size})` : ''}`).join('\n');
      if (input.style === 'anxious') {
        const k = await knowledgeAnswer(lang === 'ru' ? 'возврат гарантия' : 'return warranty guarantee');
        const lead = k ? k.text : styleLead('anxious', lang);
        return decorate({ ...out, text: `${lead}\n${list}`, quickReplies: buttons, reason: `anxious style: reassurance first${k ? ` from knowledge "${k.title}"` : ''}` });
      }
      return decorate({ ...out, text: `${t.found}\n${list}`, quickReplies: buttons, reason: `catalog search "${query}": ${products.length} found` });
    }
    case 'question':
    default: {
      const k = await knowledgeAnswer(input.text);
      if (k)
        return decorate({ ...out, intent: 'question', text: k.text, quickReplies: [humanButton], humanOffered: true, reason: `answered from knowledge "${k.title}" (score ${Number(k.score).toFixed(3)})` });
      return handoff('no relevant knowledge found; not inventing an answer', t.unknown);
    }
  }
}

function statusLine(o: Json, lang: Language, money: (m: Json | undefined) => string): string {
  const status = lang === 'ru' ? (STATUS_RU[o.status] ?? o.status) : o.status;
  return T[lang].orderStatus(o.items ?? '', status, money(o.total));
}

function pickSlot(slots: Json[], hint: string | undefined): Json | undefined {
  if (!hint) return undefined;
  const h = hint.toLowerCase();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const now = new Date();
  const tomorrow = new Date(now.getTime() + 86_400_000);
  const byDay = slots.filter((s) => {
    const d = new Date(s.starts_at);
    if (/tomorrow|завтра/.test(h)) return day(d) === day(tomorrow);
    if (/today|сегодня/.test(h)) return day(d) === day(now);
    return true;
  });
  const byTime = byDay.filter((s) => {
    const hour = new Date(s.starts_at).getUTCHours();
    if (/morning|утром/.test(h)) return hour < 12;
    if (/evening|вечером/.test(h)) return hour >= 16;
    return true;
  });
  return byTime[0] ?? byDay[0];
}

function crossSellQuery(name: string): string {
  if (/coffee|кофе|yirgacheffe|huila/i.test(name)) return 'filters';
  if (/tea|чай/i.test(name)) return 'teapot cup';
  return name.split(/\s+/)[0] ?? '';
}
