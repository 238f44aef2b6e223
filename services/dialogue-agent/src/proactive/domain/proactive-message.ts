import type { AffectLanguage, DecisionStyle } from '../../affect';

export type ProactiveKind =
  | 'reorder' | 'try_new' | 'win_back' | 'follow_up'
  | 'payment_confirmed' | 'shipped' | 'cancelled' | 'refunded';

/** Consent purpose each kind needs: selling needs marketing consent; service messages about an order do not. */
export const PURPOSE_OF: Record<ProactiveKind, 'marketing' | 'service'> = {
  reorder: 'marketing', try_new: 'marketing', win_back: 'marketing',
  follow_up: 'service', payment_confirmed: 'service', shipped: 'service', cancelled: 'service', refunded: 'service',
};

/** Order updates are transactional: sent at once, quiet hours do not delay them. */
export const RESPECTS_QUIET_HOURS: Record<ProactiveKind, boolean> = {
  reorder: true, try_new: true, win_back: true, follow_up: true,
  payment_confirmed: false, shipped: false, cancelled: false, refunded: false,
};

/** ReplyReady.purpose agreed with @dialogue-core and @ingress. */
export const REPLY_PURPOSE: Record<ProactiveKind, string> = {
  reorder: 'proactive_outreach', try_new: 'proactive_outreach', win_back: 'proactive_outreach',
  follow_up: 'follow_up', payment_confirmed: 'order_update', shipped: 'order_update', cancelled: 'order_update', refunded: 'order_update',
};

/** What the event told us; stored with the scheduled message. */
export interface ProactiveContext {
  productId?: string;
  productName?: string;
  quantity?: number;
  orderId?: string;
  orderRef?: string;
  items?: string[];
  outreachId?: string;
  reason?: string;
  channelKind?: string;
  requiresTemplate?: boolean;
  conversationId?: string;
}

export interface ComposeInput {
  kind: ProactiveKind;
  language: AffectLanguage;
  style: DecisionStyle;
  /** The customer's first name when known. */
  name?: string;
  context: ProactiveContext;
  /** The scheduled message id: the "Not now" payload refers to it. */
  messageId: string;
}

export interface QuickReply { label: string; payload: string }
export interface ComposedMessage { text: string; quickReplies: QuickReply[] }

const firstName = (name?: string) => (name ?? '').trim().split(/\s+/)[0]?.slice(0, 40) ?? '';
const orderRef = (c: ProactiveContext) => c.orderRef || (c.orderId ? c.orderId.slice(0, 8).toUpperCase() : '');

/** Per-style second sentence: facts for the rational, one tap for the impulsive, reassurance for the anxious. */
const STYLE_LINE: Record<AffectLanguage, Record<DecisionStyle, (c: ProactiveContext) => string>> = {
  en: {
    rational: (c) => (c.quantity ? `Same as last time: ${c.quantity} × ${c.productName ?? 'it'}, at today's catalog price.` : "You'll see the exact price before anything is ordered."),
    impulsive: () => 'One tap and it is on its way.',
    anxious: () => 'Nothing is ordered until you confirm the price, and you can cancel any time.',
    unknown: () => '',
  },
  ru: {
    rational: (c) => (c.quantity ? `Как в прошлый раз: ${c.quantity} × ${c.productName ?? 'товар'}, по текущей цене каталога.` : 'Точную цену вы увидите до оформления.'),
    impulsive: () => 'Одно нажатие — и заказ в пути.',
    anxious: () => 'Ничего не оформится, пока вы не подтвердите цену, отменить можно в любой момент.',
    unknown: () => '',
  },
};

/**
 * A short personal proactive message with one-tap actions, per kind, language and decision style.
 * Pure: the same input always gives the same text (no invented prices — the price comes from checkout
 * once the customer taps).
 */
export function composeProactiveMessage(input: ComposeInput): ComposedMessage {
  const { kind, context: c, messageId } = input;
  const ru = input.language === 'ru';
  const name = firstName(input.name);
  const hi = ru ? (name ? `${name}, добрый день!` : 'Добрый день!') : name ? `Hi ${name}!` : 'Hi!';
  const product = c.productName?.trim() || (ru ? 'ваш товар' : 'your usual');
  const notNow = { label: ru ? 'Не сейчас' : 'Not now', payload: `snooze:${messageId}` };
  const styleLine = STYLE_LINE[ru ? 'ru' : 'en'][input.style]?.(c) ?? '';
  const join = (...parts: string[]) => parts.filter(Boolean).join(' ');
  const ref = orderRef(c);

  switch (kind) {
    case 'reorder':
      return {
        text: join(hi, ru ? `Похоже, ${product} скоро закончится. Повторить заказ?` : `Looks like your ${product} is running low. Shall I reorder?`, styleLine),
        quickReplies: [...(c.productId ? [{ label: ru ? 'Повторить заказ' : 'Reorder', payload: `add:${c.productId}` }] : []), notNow],
      };
    case 'try_new':
      return {
        text: join(hi, ru ? `Думаю, вам может понравиться ${product}.` : `I think you might like ${product}.`, styleLine),
        quickReplies: [...(c.productId ? [{ label: ru ? 'В корзину' : 'Add to cart', payload: `add:${c.productId}` }] : []), notNow],
      };
    case 'win_back':
      return {
        text: join(hi, ru ? `Давно вас не было. ${c.productId ? `Заказать снова ${product}?` : 'Чем могу помочь?'}` : `It has been a while. ${c.productId ? `Want ${product} again?` : 'Anything I can help with?'}`, c.productId ? styleLine : ''),
        quickReplies: [...(c.productId ? [{ label: ru ? 'Заказать снова' : 'Order again', payload: `add:${c.productId}` }] : []), notNow],
      };
    case 'follow_up': {
      const what = c.items?.[0] ?? c.productName;
      return {
        text: join(hi, ru ? `Как вам ${what ?? 'ваш заказ'}? Всё ли получилось?` : `How is ${what ? `the ${what}` : 'your order'} working out?`,
          input.style === 'anxious' ? (ru ? 'Если что-то не так, возврат и гарантия на месте — просто скажите.' : 'If anything is wrong, returns and warranty are covered — just tell me.') : ''),
        quickReplies: [
          { label: ru ? 'Всё отлично' : 'All good', payload: ru ? 'Всё отлично, спасибо' : 'All good, thanks' },
          { label: ru ? 'Нужна помощь' : 'I need help', payload: 'handoff' },
        ],
      };
    }
    case 'payment_confirmed':
      return {
        text: join(ru ? `Оплата получена — заказ ${ref} подтверждён.` : `Payment received — order ${ref} is confirmed.`, summary(c, ru)),
        quickReplies: [{ label: ru ? 'Где мой заказ?' : 'Track order', payload: ru ? 'Где мой заказ?' : 'Where is my order?' }],
      };
    case 'shipped':
      return {
        text: ru ? `Заказ ${ref} отправлен и уже в пути.` : `Order ${ref} has shipped and is on its way.`,
        quickReplies: [{ label: ru ? 'Где мой заказ?' : 'Track order', payload: ru ? 'Где мой заказ?' : 'Where is my order?' }],
      };
    case 'cancelled':
      return {
        text: ru ? `Заказ ${ref} отменён. Если это ошибка, я помогу.` : `Order ${ref} was cancelled. If that is a mistake, I can help.`,
        quickReplies: [{ label: ru ? 'Связаться с сотрудником' : 'Talk to a person', payload: 'handoff' }],
      };
    case 'refunded':
      return {
        text: ru ? `Возврат по заказу ${ref} оформлен, деньги придут на тот же способ оплаты.` : `The refund for order ${ref} is issued to your original payment method.`,
        quickReplies: [],
      };
  }
}

function summary(c: ProactiveContext, ru: boolean): string {
  if (!c.items?.length) return '';
  const list = c.items.slice(0, 3).join(', ') + (c.items.length > 3 ? (ru ? ' и др.' : ' and more') : '');
  return ru ? `В заказе: ${list}.` : `It contains ${list}.`;
}
