export interface AlertRule {
  ruleId: string;
  tenantId: string;
  kind: 'threshold' | 'spike';
  /** A barrier ("ui_friction"), a topic, a subject ("ui_friction:promo_code") or "*". */
  match: string;
  /** Threshold: distinct customers mentioning the same subject. Spike: the least count that can spike. */
  threshold: number;
  windowMinutes: number;
  spikeFactor: number;
  enabled: boolean;
}

/** What every tenant gets until it defines its own rules (a rule with the same id replaces one). */
export const defaultRules = (tenantId: string): AlertRule[] => [
  { ruleId: 'default-ui-friction', tenantId, kind: 'threshold', match: 'ui_friction', threshold: 5, windowMinutes: 60, spikeFactor: 0, enabled: true },
  { ruleId: 'default-payment', tenantId, kind: 'threshold', match: 'payment', threshold: 5, windowMinutes: 60, spikeFactor: 0, enabled: true },
  { ruleId: 'default-complaint', tenantId, kind: 'threshold', match: 'complaint', threshold: 10, windowMinutes: 60, spikeFactor: 0, enabled: true },
  { ruleId: 'default-topic-spike', tenantId, kind: 'spike', match: '*', threshold: 10, windowMinutes: 60, spikeFactor: 3, enabled: true },
];

/** Subjects of a fact a threshold rule counts: "ui_friction" matches "ui_friction:promo_code". */
export function subjectsMatching(rule: AlertRule, subjects: string[]): string[] {
  if (rule.match === '*') return subjects;
  return subjects.filter((s) => s === rule.match || s.startsWith(`${rule.match}:`));
}

export function topicsMatching(rule: AlertRule, topics: string[]): string[] {
  return rule.match === '*' ? topics : topics.filter((t) => t === rule.match);
}

/** A spike is a window count above both the floor and factor × the topic's own average window. */
export function isSpike(current: number, baseline: number, rule: AlertRule): boolean {
  return current >= rule.threshold && current > baseline * rule.spikeFactor;
}

const THING: Record<string, string> = {
  promo_code: 'the promo-code field',
  checkout: 'the checkout button',
  payment_form: 'the payment form',
  login: 'the login',
  cart: 'the cart',
  search: 'search',
  delivery_address: 'the delivery-address field',
  size_chart: 'the size chart',
  tracking: 'order tracking',
  general: 'the site',
};

const ACTION: Record<string, string> = {
  'ui_friction:promo_code':
    'Make the promo-code field visible on the cart and checkout pages (not hidden behind a link), and let the assistant apply codes in chat.',
  'ui_friction:checkout': 'Check the checkout button on every device and browser; watch the checkout funnel for a drop since the last release.',
  'ui_friction:payment_form': 'Test the payment form end to end with the PSP; check recent front-end releases and PSP status.',
  'ui_friction:login': 'Check login and password reset; offer guest checkout.',
  'ui_friction:cart': 'Check add-to-cart and the cart page for errors.',
  'ui_friction:search': 'Review search results for the terms customers use; add synonyms.',
  'ui_friction:delivery_address': 'Check the address form validation and autocomplete.',
  'ui_friction:size_chart': 'Link the size chart next to the size selector on product pages.',
  'ui_friction:tracking': 'Send tracking links proactively and make tracking visible in the account.',
  price: 'Review pricing against competitors; consider a targeted offer or explain the value on the product page.',
  size_fit: 'Improve size guidance (size chart, fit notes, reviews with sizes).',
  delivery: 'Check carrier delays and delivery-time promises; tell affected customers proactively.',
  payment: 'Check the payment provider status and decline reasons.',
  trust_quality: 'Add reviews, guarantees and quality details where customers hesitate.',
  returns: 'Make the returns policy easier to find; check return processing times.',
  complaint: 'Review the conversations and follow up personally with these customers.',
  product_question: 'Add the missing product details to the product page and the knowledge base.',
};

export function describeSubject(subject: string): { title: string; action: string } {
  const [barrier, thing = 'general'] = subject.split(':');
  const action = ACTION[subject] ?? ACTION[barrier] ?? 'Review the quoted conversations and fix the common cause.';
  if (barrier === 'ui_friction') return { title: `Customers can't find or use ${THING[thing] ?? thing.replace(/_/g, ' ')}`, action };
  const label = barrier.replace(/_/g, ' ');
  return { title: thing === 'general' ? `Many customers mention ${label}` : `Many customers mention ${label}: ${thing}`, action };
}
