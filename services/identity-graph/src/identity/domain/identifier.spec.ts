import { IdentityV1 } from '@concierge/contracts';
import { normalizeIdentifier, normalizeRegion, requireCustomerId, requireTenant } from './identifier';
import { IdentityErrorCode } from './identity.exception';

const Type = IdentityV1.IdentifierType;

const invalid = (code: IdentityErrorCode) => expect.objectContaining({ kind: 'invalid', code });

describe('normalizeIdentifier', () => {
  it('lowercases and trims an email, so one address matches however it is typed', () => {
    expect(normalizeIdentifier(Type.IDENTIFIER_TYPE_EMAIL, '  Anna.Smith@Example.COM \n')).toBe('anna.smith@example.com');
  });

  it.each(['anna', 'anna@', '@example.com', 'anna@example', 'an na@example.com', 'anna@@example.com'])('rejects the email %j', (value) => {
    expect(() => normalizeIdentifier(Type.IDENTIFIER_TYPE_EMAIL, value)).toThrow(invalid(IdentityErrorCode.IdentifierValueInvalid));
  });

  it.each([
    ['+7 (912) 345-67-89', '+79123456789'],
    ['79123456789', '+79123456789'],
    [' +44 20 7946 0958 ', '+442079460958'],
    ['1.415.555.2671', '+14155552671'],
  ])('normalises the phone %j to %j', (raw, expected) => {
    expect(normalizeIdentifier(Type.IDENTIFIER_TYPE_PHONE, raw)).toBe(expected);
  });

  it.each(['12345', '+0123456789', 'call me', '+7 912 345 67 89 ext 5', '+1234567890123456'])('rejects the phone %j', (value) => {
    expect(() => normalizeIdentifier(Type.IDENTIFIER_TYPE_PHONE, value)).toThrow(invalid(IdentityErrorCode.IdentifierValueInvalid));
  });

  it('keeps channel user ids as given, apart from surrounding spaces', () => {
    expect(normalizeIdentifier(Type.IDENTIFIER_TYPE_TELEGRAM_USER, ' 123456789 ')).toBe('123456789');
    expect(normalizeIdentifier(Type.IDENTIFIER_TYPE_WIDGET_VISITOR, 'Visitor_ABC-123')).toBe('Visitor_ABC-123');
  });

  it.each([Type.IDENTIFIER_TYPE_UNSPECIFIED, Type.UNRECOGNIZED, undefined as unknown as IdentityV1.IdentifierType])(
    'rejects the identifier type %s',
    (type) => {
      expect(() => normalizeIdentifier(type, 'anna@example.com')).toThrow(invalid(IdentityErrorCode.IdentifierTypeRequired));
    },
  );

  it('rejects an empty or blank value', () => {
    expect(() => normalizeIdentifier(Type.IDENTIFIER_TYPE_TELEGRAM_USER, undefined)).toThrow(invalid(IdentityErrorCode.IdentifierValueInvalid));
    expect(() => normalizeIdentifier(Type.IDENTIFIER_TYPE_TELEGRAM_USER, '   ')).toThrow(invalid(IdentityErrorCode.IdentifierValueInvalid));
  });

  it('accepts 320 characters and rejects 321', () => {
    expect(normalizeIdentifier(Type.IDENTIFIER_TYPE_APP_USER, 'a'.repeat(320))).toHaveLength(320);
    expect(() => normalizeIdentifier(Type.IDENTIFIER_TYPE_APP_USER, 'a'.repeat(321))).toThrow(invalid(IdentityErrorCode.IdentifierValueInvalid));
    const longEmail = `${'a'.repeat(310)}@example.com`;
    expect(() => normalizeIdentifier(Type.IDENTIFIER_TYPE_EMAIL, longEmail)).toThrow(invalid(IdentityErrorCode.IdentifierValueInvalid));
  });
});

describe('requireTenant / requireCustomerId', () => {
  it('trims the tenant and refuses a blank one', () => {
    expect(requireTenant(' acme ')).toBe('acme');
    expect(() => requireTenant(' ')).toThrow(invalid(IdentityErrorCode.TenantRequired));
  });

  it('accepts a UUID in any case, lowercased, and refuses anything else', () => {
    expect(requireCustomerId('6F1C1C4E-8A43-4F55-9A61-3A1F0B8F0F0A')).toBe('6f1c1c4e-8a43-4f55-9a61-3a1f0b8f0f0a');
    expect(() => requireCustomerId('customer-1')).toThrow(invalid(IdentityErrorCode.CustomerIdInvalid));
    expect(() => requireCustomerId(undefined)).toThrow(invalid(IdentityErrorCode.CustomerIdInvalid));
  });
});

describe('normalizeIdentifier with a default region', () => {
  it.each([
    ['0151 12345678', 'DE', '+4915112345678'],
    ['8 (912) 345-67-89', 'RU', '+79123456789'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+44 7911 123456', 'DE', '+447911123456'],
  ])('reads %j in %s as %s', (raw, region, expected) => {
    expect(normalizeIdentifier(Type.IDENTIFIER_TYPE_PHONE, raw, normalizeRegion(region))).toBe(expected);
  });

  it('rejects a local number without a region, and a region that is not ISO 3166', () => {
    expect(() => normalizeIdentifier(Type.IDENTIFIER_TYPE_PHONE, '0151 12345678')).toThrow(invalid(IdentityErrorCode.IdentifierValueInvalid));
    expect(() => normalizeRegion('Germany')).toThrow(invalid(IdentityErrorCode.RegionInvalid));
    expect(normalizeRegion(' de ')).toBe('DE');
    expect(normalizeRegion('')).toBeUndefined();
  });
});
