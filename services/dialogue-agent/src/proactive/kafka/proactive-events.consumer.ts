import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer, PoisonRecordError } from '@concierge/kafka';
import { EraseCustomerConversationsUseCase } from '../../conversations/use-cases/erase-customer-conversations/erase-customer-conversations.use-case';
import { ProactiveMessageRepository } from '../persistence/proactive-message.repository';
import { DispatchProactiveMessagesUseCase } from '../use-cases/dispatch-proactive-messages/dispatch-proactive-messages.use-case';
import { ScheduleProactiveMessageUseCase } from '../use-cases/schedule-proactive-message/schedule-proactive-message.use-case';

/**
 * prediction.outreach-due, checkout.order-status-changed and checkout.follow-up-due become scheduled
 * proactive messages (idempotent on the event id and on the business fact); due ones are sent at once.
 * identity.customer-erased deletes the customer's proactive messages and (via ConversationsModule) conversations.
 */
@Injectable()
export class ProactiveEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly schedule: ScheduleProactiveMessageUseCase,
    private readonly dispatch: DispatchProactiveMessagesUseCase,
    private readonly repo: ProactiveMessageRepository,
    private readonly eraseConversations: EraseCustomerConversationsUseCase,
  ) {}

  onModuleInit(): void {
    const soon = () => setTimeout(() => this.dispatch.poke(), 50).unref();
    this.consumer
      .on(Events.outreachDue, async (event, m) => {
        if (await this.schedule.outreachDue(m, event.payload, event.attributes.id, event.attributes.tenantId)) soon();
      })
      .on(Events.orderStatusChanged, async (event, m) => {
        if (await this.schedule.orderStatusChanged(m, event.payload, event.attributes.id, event.attributes.tenantId)) soon();
      })
      .on(Events.followUpDue, async (event, m) => {
        await this.schedule.followUpDue(m, event.payload, event.attributes.id, event.attributes.tenantId);
        soon();
      })
      // Registered here for the whole service (one handler per topic): erasure of this module's data.
      .on(Events.customerErased, async (event, m) => {
        if (!event.payload.customerId) throw new PoisonRecordError('customer-erased without customer_id');
        await this.repo.eraseCustomer(m, event.attributes.tenantId, event.payload.customerId);
        await this.eraseConversations.execute(m, event.attributes.tenantId, event.payload.customerId);
      });
  }
}
