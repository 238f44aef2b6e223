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

export interface SavedAddress {
  addressId: string;
  recipient: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
  phone: string;
}

/** "address.home" = JSON {line1, city, postal_code, country, recipient} or "line1, city, postal code, country". */
export function parseAddress(label: string, value: string): SavedAddress | undefined {
  const base = { addressId: label, recipient: '', line1: '', line2: '', city: '', postalCode: '', country: '', phone: '' };
  const v = value.trim();
  if (!v) return undefined;
  try {
    const j = JSON.parse(v) as Record<string, string>;
    if (j && typeof j === 'object')
      return { ...base, recipient: j.recipient ?? '', line1: j.line1 ?? j.street ?? '', line2: j.line2 ?? '', city: j.city ?? '', postalCode: j.postal_code ?? j.postalCode ?? j.zip ?? '', country: j.country ?? '', phone: j.phone ?? '' };
  } catch {
    /* free text */
  }
  const [line1 = '', city = '', postalCode = '', country = ''] = v.split(',').map((x) => x.trim());
  return { ...base, line1, city, postalCode, country };
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
  /** Saved addresses from the identity profile (attributes address.<label>), by label. */
  addresses?: Record<string, SavedAddress>;
  /** Inside a checkout: the next customer answer picks a slot. */
  checkoutStarted?: boolean;
  awaitingAddress?: boolean;
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
