import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requireCustomerId, requireTenant } from '../../domain/identifier';
import { IdentityRepository } from '../../persistence/identity.repository';
import { CustomerEntity } from '../../persistence/customer.entity';
import { IdentityEntity } from '../../persistence/identity.entity';
import { CustomerLookup } from '../../persistence/customer-lookup';
import { ProfileRepository } from '../../../profile/persistence/profile.repository';
import { ProfileAttributeEntity } from '../../../profile/persistence/profile-attribute.entity';

export interface CustomerView {
  customer: CustomerEntity;
  identities: IdentityEntity[];
  attributes: ProfileAttributeEntity[];
}

/** One customer of the tenant; a merged id answers with its survivor. */
@Injectable()
export class GetCustomerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CustomerLookup,
    private readonly identities: IdentityRepository,
    private readonly profile: ProfileRepository,
  ) {}

  async execute(query: { tenantId: string; customerId: string }): Promise<CustomerView> {
    const tenantId = requireTenant(query.tenantId);
    const customer = await this.lookup.requireActive(this.dataSource.manager, tenantId, requireCustomerId(query.customerId));
    const [identities, attributes] = await Promise.all([
      this.identities.findIdentities(tenantId, customer.id),
      this.profile.attributes(tenantId, customer.id),
    ]);
    return { customer, identities, attributes };
  }
}
