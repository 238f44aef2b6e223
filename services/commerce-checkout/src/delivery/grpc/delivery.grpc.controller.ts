import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CheckoutV1, fromTimestamp, toTimestamp } from '@concierge/contracts';
import { CheckoutErrorCode, CheckoutException, requireTenantId } from '../../shared/checkout.exception';
import { DeliverySlotRepository } from '../persistence/delivery-slot.repository';

const SLOT_ID = /^[\w:.-]{1,64}$/;

@Controller()
export class DeliveryGrpcController implements Partial<CheckoutV1.CheckoutServiceController> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly slots: DeliverySlotRepository,
  ) {}

  @GrpcMethod('CheckoutService')
  async listDeliverySlots(req: CheckoutV1.ListDeliverySlotsRequest): Promise<CheckoutV1.ListDeliverySlotsResponse> {
    const tenantId = requireTenantId(req.tenantId);
    const from = fromTimestamp(req.from) ?? new Date();
    const days = req.days > 0 ? Math.min(req.days, 60) : 7;
    const rows = await this.slots.list(this.dataSource.manager, tenantId, from, new Date(from.getTime() + days * 86_400_000));
    return {
      slots: rows.map((s) => ({ slotId: s.slotId, startsAt: toTimestamp(s.startsAt), endsAt: toTimestamp(s.endsAt), remainingCapacity: s.remaining, capacity: s.capacity })),
    };
  }

  @GrpcMethod('CheckoutService')
  async upsertDeliverySlots(req: CheckoutV1.UpsertDeliverySlotsRequest): Promise<CheckoutV1.UpsertDeliverySlotsResponse> {
    const tenantId = requireTenantId(req.tenantId);
    const slots = (req.slots ?? []).map((s, i) => {
      const startsAt = fromTimestamp(s.startsAt);
      const endsAt = fromTimestamp(s.endsAt);
      if (!SLOT_ID.test(s.slotId ?? '')) throw new CheckoutException(CheckoutErrorCode.SlotInvalid, `slots[${i}].slot_id must be 1-64 letters, digits, ":", ".", "_" or "-"`);
      if (!startsAt || !endsAt || endsAt <= startsAt) throw new CheckoutException(CheckoutErrorCode.SlotInvalid, `slots[${i}] needs starts_at before ends_at`);
      if (!Number.isInteger(s.capacity) || s.capacity < 0) throw new CheckoutException(CheckoutErrorCode.SlotInvalid, `slots[${i}].capacity must be 0 or more`);
      return { slotId: s.slotId, startsAt, endsAt, capacity: s.capacity };
    });
    await this.dataSource.transaction((m) => this.slots.upsert(m, tenantId, slots));
    return { upserted: slots.length };
  }
}
