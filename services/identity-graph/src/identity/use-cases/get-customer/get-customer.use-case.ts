import { Injectable } from '@nestjs/common';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { requireCustomerId, requireTenant } from '../../domain/identifier';
import { IdentityRepository } from '../../persistence/identity.repository';
import { CustomerEntity } from '../../persistence/customer.entity';
import { IdentityEntity } from '../../persistence/identity.entity';

export interface CustomerView {
  customer: CustomerEntity;
  identities: IdentityEntity[];
}

@Injectable()
export class GetCustomerUseCase {
  constructor(private readonly identities: IdentityRepository) {}

  async execute(query: { tenantId: string; customerId: string }): Promise<CustomerView> {
    const tenantId = requireTenant(query.tenantId);
    const id = requireCustomerId(query.customerId);
    const customer = await this.identities.findCustomer(tenantId, id);
    if (!customer) throw new IdentityException(IdentityErrorCode.CustomerNotFound, `customer ${id} not found`);
    return { customer, identities: await this.identities.findIdentities(tenantId, id) };
  }
}
