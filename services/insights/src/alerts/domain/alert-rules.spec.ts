import { defaultRules, describeSubject, isSpike, subjectsMatching, topicsMatching } from './alert-rules';

describe('alert rules', () => {
  const [uiFriction, , , spike] = defaultRules('acme');

  it('a barrier rule counts each subject of that barrier on its own', () => {
    expect(subjectsMatching(uiFriction, ['ui_friction:promo_code', 'price:general', 'ui_friction:login'])).toEqual(['ui_friction:promo_code', 'ui_friction:login']);
    expect(subjectsMatching({ ...uiFriction, match: 'ui_friction:promo_code' }, ['ui_friction:promo_code', 'ui_friction:login'])).toEqual(['ui_friction:promo_code']);
    expect(topicsMatching(spike, ['delivery', 'promo'])).toEqual(['delivery', 'promo']);
  });

  it('a spike needs both the floor and factor × the topic baseline', () => {
    expect(isSpike(12, 2, spike)).toBe(true);
    expect(isSpike(12, 5, spike)).toBe(false);
    expect(isSpike(9, 0, spike)).toBe(false);
  });

  it('says what the problem is and what to do about it', () => {
    expect(describeSubject('ui_friction:promo_code')).toEqual({ title: "Customers can't find or use the promo-code field", action: expect.stringMatching(/promo-code field visible/) });
    expect(describeSubject('delivery:general').action).toMatch(/carrier/);
    expect(describeSubject('something_new:x').action).toMatch(/Review the quoted conversations/);
  });
});
