import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CheckoutV1, toTimestamp } from '@concierge/contracts';
import { CustomerScope } from '../../shared/customer-scope';
import { LoyaltyLedger } from '../persistence/loyalty.ledger';

@Controller()
export class LoyaltyGrpcController implements Partial<CheckoutV1.CheckoutServiceController> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: CustomerScope,
    private readonly ledger: LoyaltyLedger,
  ) {}

  @GrpcMethod('CheckoutService')
  async getLoyaltyBalance(req: CheckoutV1.GetLoyaltyBalanceRequest): Promise<CheckoutV1.GetLoyaltyBalanceResponse> {
    const m = this.dataSource.manager;
    const { tenantId, customerId } = await this.scope.resolve(m, req.tenantId, req.customerId);
    return { points: (await this.ledger.balance(m, tenantId, customerId)).toString() };
  }

  @GrpcMethod('CheckoutService')
  async listLoyaltyMovements(req: CheckoutV1.ListLoyaltyMovementsRequest): Promise<CheckoutV1.ListLoyaltyMovementsResponse> {
    const m = this.dataSource.manager;
    const { tenantId, customerId } = await this.scope.resolve(m, req.tenantId, req.customerId);
    const rows = await this.ledger.movements(m, tenantId, customerId);
    return {
      balance: (await this.ledger.balance(m, tenantId, customerId)).toString(),
      movements: rows.map((r) => ({
        movementId: r.id,
        kind: r.kind,
        points: r.points,
        orderId: r.orderId ?? '',
        createdAt: toTimestamp(r.createdAt),
        expiresAt: r.expiresAt ? toTimestamp(r.expiresAt) : undefined,
        balanceAfter: r.balanceAfter,
      })),
    };
  }
}
