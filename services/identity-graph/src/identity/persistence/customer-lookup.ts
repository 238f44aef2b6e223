import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdentityErrorCode, IdentityException } from '../domain/identity.exception';
import { CustomerEntity } from './customer.entity';

/** Finds a live customer inside one tenant; a merged id leads to its survivor, an erased one is gone. */
@Injectable()
export class CustomerLookup {
  async requireActive(m: EntityManager, tenantId: string, customerId: string, lock = false): Promise<CustomerEntity> {
    let id = customerId;
    for (let hop = 0; hop < 8; hop++) {
      const q = m.getRepository(CustomerEntity).createQueryBuilder('c').where('c.tenant_id = :tenantId AND c.id = :id', { tenantId, id });
      if (lock) q.setLock('pessimistic_write');
      const c = await q.getOne();
      if (!c) throw new IdentityException(IdentityErrorCode.CustomerNotFound, `customer ${customerId} not found`);
      if (c.status === 'erased') throw new IdentityException(IdentityErrorCode.CustomerErased, `customer ${customerId} was erased`);
      if (c.status !== 'merged' || !c.mergedInto) return c;
      id = c.mergedInto;
    }
    throw new IdentityException(IdentityErrorCode.CustomerNotFound, `customer ${customerId} not found (merge chain too long)`);
  }
}
