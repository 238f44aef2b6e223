/** Tools the agent can call, in the chat-completions `tools` format; each maps to one gRPC call. */
export type ToolName =
  | 'search_knowledge'
  | 'get_customer_context'
  | 'remember_fact'
  | 'search_products'
  | 'compare_products'
  | 'recommend_products'
  | 'get_cart'
  | 'add_to_cart'
  | 'update_cart_item'
  | 'remove_from_cart'
  | 'list_delivery_slots'
  | 'create_quote'
  | 'request_confirmation'
  | 'place_order'
  | 'order_status'
  | 'handoff_to_human'
  | 'record_barrier'
  | 'schedule_follow_up'
  | 'set_consent'
  | 'offer_compensation';

interface ToolSpec {
  name: ToolName;
  description: string;
  parameters: Record<string, unknown>;
  /** Cross-sell / upsell: removed in calm mode. */
  sales?: boolean;
}

const obj = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const str = (description: string) => ({ type: 'string', description });
const int = (description: string) => ({ type: 'integer', description });

export const TOOL_SPECS: ToolSpec[] = [
  { name: 'search_knowledge', description: "Search the business's own knowledge base (policies, delivery, returns, warranty, FAQ). Policy answers must come from here.", parameters: obj({ query: str('what to look up') }, ['query']) },
  { name: 'get_customer_context', description: "The current customer's profile, traits, remembered facts and recent cross-channel history. Only ever the customer in this conversation.", parameters: obj({}) },
  { name: 'remember_fact', description: 'Remember a durable fact the customer stated about themselves (e.g. "prefers oat milk").', parameters: obj({ subject: str('short topic'), fact: str('the fact') }, ['subject', 'fact']) },
  { name: 'search_products', description: 'Search the catalog. Prices and stock in the result are the only prices you may quote.', parameters: obj({ query: str('product words') }, ['query']) },
  { name: 'compare_products', description: 'Side-by-side attributes and prices of 2-4 products.', parameters: obj({ product_ids: { type: 'array', items: { type: 'string' } } }, ['product_ids']) },
  { name: 'recommend_products', description: 'Suggest a complementary product (cross-sell).', parameters: obj({ query: str('what complements the cart') }, ['query']), sales: true },
  { name: 'get_cart', description: "The customer's cart with checkout's prices.", parameters: obj({}) },
  { name: 'add_to_cart', description: 'Add a catalog product to the cart.', parameters: obj({ product_id: str('catalog product id'), quantity: int('1-50') }, ['product_id', 'quantity']) },
  { name: 'update_cart_item', description: 'Change the quantity of a cart line.', parameters: obj({ product_id: str('product id'), quantity: int('new quantity') }, ['product_id', 'quantity']) },
  { name: 'remove_from_cart', description: 'Remove a line from the cart.', parameters: obj({ product_id: str('product id') }, ['product_id']) },
  { name: 'list_delivery_slots', description: 'Delivery slots with free capacity.', parameters: obj({ days: int('how many days ahead, 1-14') }) },
  { name: 'create_quote', description: 'Price the cart with checkout (coupon, loyalty points, address, slot). Totals and discounts come only from the result; you cannot set a price or a discount.', parameters: obj({ coupon_code: str('coupon code the customer gave, or empty'), points_to_redeem: int('loyalty points to use, 0 for none, -1 for all the customer has'), address_id: str('saved address id or empty for the default'), slot_id: str('delivery slot id') }) },
  { name: 'request_confirmation', description: 'Show the quote to the customer with Confirm / Cancel buttons. Required before place_order.', parameters: obj({ quote_id: str('id from create_quote') }, ['quote_id']) },
  { name: 'place_order', description: 'Place the order for a quote the customer has explicitly confirmed (button or an unambiguous yes to that quote). Refused otherwise.', parameters: obj({ quote_id: str('the confirmed quote id') }, ['quote_id']) },
  { name: 'order_status', description: "Status of the customer's own orders (latest first), or one order by id.", parameters: obj({ order_id: str('order id or empty for the latest') }) },
  { name: 'handoff_to_human', description: 'Pass the conversation to a person. Use when asked, when you do not know, or when the customer is upset.', parameters: obj({ reason: str('why') }, ['reason']) },
  { name: 'record_barrier', description: 'Record a barrier to purchase or UI friction the customer mentioned (for the business).', parameters: obj({ kind: str('e.g. price_too_high, delivery_cost, ui:promo_code_field, out_of_stock'), detail: str('short detail') }, ['kind']) },
  { name: 'schedule_follow_up', description: 'Ask the customer again later (e.g. after delivery).', parameters: obj({ after_days: int('days from now'), topic: str('what to follow up on') }, ['after_days', 'topic']) },
  { name: 'offer_compensation', description: 'Calm mode only: a compensation coupon for a service failure, never above the tenant cap (checkout refuses more).', parameters: obj({ value_minor: int('coupon value in minor units'), currency: str('ISO currency'), reason: str('what went wrong') }, ['value_minor', 'reason']) },
  { name: 'set_consent', description: 'The customer opted out of (or into) marketing messages.', parameters: obj({ granted: { type: 'boolean' } }, ['granted']) },
];

/** The tools offered this turn: calm mode drops every cross-sell / upsell tool. */
export function toolsFor(mode: { allowCrossSell: boolean; maxCompensationMinor?: number }): ToolSpec[] {
  return TOOL_SPECS.filter((t) => (mode.allowCrossSell || !t.sales) && (t.name !== 'offer_compensation' || (mode.maxCompensationMinor ?? 0) > 0));
}

export function openAiTools(specs: ToolSpec[]) {
  return specs.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } }));
}
