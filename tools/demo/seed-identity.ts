import { IdentityV1, ServiceProtos } from '@concierge/contracts';
import { SeedContext, seedClient } from './seed-context';

/** A demo CRM customer with a verified email: a widget visitor who verifies anna@example.com becomes her. */
export async function seedIdentity(ctx: SeedContext): Promise<void> {
  const identity = seedClient<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, ctx.addresses.identity, ctx);
  try {
    const { customerId } = await identity.upsertCrmCustomer({
      ...IdentityV1.UpsertCrmCustomerRequest.fromJSON({}),
      tenantId: ctx.tenantId,
      crmId: 'DEMO-0001',
      displayName: 'Anna Schmidt',
      email: 'anna@example.com',
      emailVerified: true,
      phone: '+49 151 23456789',
      locale: 'en',
      timezone: 'Europe/Berlin',
      attributes: { 'address.home': 'Hauptstraße 1, 10115 Berlin', 'preference.roast': 'light' },
      marketingConsent: true,
    });
    await identity.setTrait({ tenantId: ctx.tenantId, customerId, trait: { name: 'decision_style', value: 'rational', confidence: 0.6, source: 'demo', updatedAt: undefined } });
    await identity.rememberFact({ tenantId: ctx.tenantId, customerId, subject: 'coffee', fact: 'brews with a V60 and prefers light roasts', sourceTurnId: 'demo', confidence: 0.9, expiresAt: undefined });
    ctx.log(`identity: demo customer Anna Schmidt (CRM DEMO-0001, anna@example.com) = ${customerId}`);
  } finally {
    identity.close();
  }
}
