/** What the agent remembers about an open conversation between turns (conversations.state). */
export interface QuoteSnapshot {
  quoteId: string;
  totalMinor: number;
  currency: string;
  discountMinor: number;
  pointsRedeemed: number;
  expiresAt: string;
  createdAt: string;
  summary: string;
  signature?: string;
}

export interface ProductSnapshot {
  productId: string;
  name: string;
  priceMinor: number;
  currency: string;
  stock: number;
}

export interface AgentState {
  lastQuote?: QuoteSnapshot;
  /** The quote shown with Confirm / Cancel buttons; only this one can become an order. */
  pendingQuote?: QuoteSnapshot;
  lastProducts?: ProductSnapshot[];
  couponCode?: string;
  points?: number;
  slotId?: string;
  addressId?: string;
  /** Inside a checkout: the next customer answer picks a slot. */
  checkoutStarted?: boolean;
  frustrationHistory?: number[];
  customerTexts?: string[];
  csatPending?: boolean;
  lastOrderId?: string;
  placedQuotes?: string[];
  /** The current episode (since the conversation was opened or reopened). */
  episode?: { startedAt: string; humanReplied: boolean; aiReplies: number; handoffRequested: boolean; lastCustomerFrustration: number };
  decisionStyle?: { style: string; confidence: number };
}

export function newEpisode(now = new Date()): NonNullable<AgentState['episode']> {
  return { startedAt: now.toISOString(), humanReplied: false, aiReplies: 0, handoffRequested: false, lastCustomerFrustration: 0 };
}

export function remember<T>(list: T[] | undefined, item: T, max: number): T[] {
  return [...(list ?? []), item].slice(-max);
}
