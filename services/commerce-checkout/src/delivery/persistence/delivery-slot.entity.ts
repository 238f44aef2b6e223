import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'delivery_slots' })
@Index('delivery_slots_start', ['tenantId', 'startsAt'])
@Check('delivery_slots_taken_within_capacity', `"taken" >= 0 AND "taken" <= "capacity"`)
export class DeliverySlotEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'slot_id', type: 'text' })
  slotId: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'int' })
  capacity: number;

  // Orders placed into this slot.
  @Column({ type: 'int', default: 0 })
  taken: number;
}

/** Capacity held for an open quote; it stops counting once expired (and the sweeper deletes it). */
@Entity({ name: 'slot_holds' })
@Index('slot_holds_slot', ['tenantId', 'slotId', 'expiresAt'])
export class SlotHoldEntity {
  @PrimaryColumn({ name: 'quote_id', type: 'uuid' })
  quoteId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'slot_id', type: 'text' })
  slotId: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
