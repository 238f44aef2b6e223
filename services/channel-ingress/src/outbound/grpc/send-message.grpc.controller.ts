import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { IngressV1 } from '@concierge/contracts';
import { requireTenant } from '../../channels/domain/tenant';
import { OutboundErrorCode, OutboundException } from '../domain/outbound.exception';
import { DeliverReplyUseCase } from '../use-cases/deliver-reply/deliver-reply.use-case';

/** Direct sends by internal systems: to a channel, or to the customer's preferred reachable channel. */
@Controller()
export class SendMessageGrpcController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deliver: DeliverReplyUseCase,
  ) {}

  @GrpcMethod('IngressService', 'SendMessage')
  async sendMessage(req: IngressV1.SendMessageRequest): Promise<IngressV1.SendMessageResponse> {
    const tenantId = requireTenant(req.tenantId);
    if (!req.customerId) throw new OutboundException(OutboundErrorCode.InvalidSend, 'customer_id is required');
    if (!/^[\w:.-]{8,200}$/.test(req.idempotencyKey ?? ''))
      throw new OutboundException(OutboundErrorCode.InvalidSend, 'idempotency_key is required: 8-200 characters of letters, digits, _ : . -');
    const result = await this.dataSource.transaction((m) =>
      this.deliver.execute(m, {
        replyId: `send:${tenantId}:${req.idempotencyKey}`,
        tenantId,
        customerId: req.customerId,
        channelId: req.channelId,
        text: req.text ?? '',
        quickReplies: req.quickReplies ?? [],
        attachments: req.attachments ?? [],
        inReplyToMessageId: '',
        templateName: req.templateName,
        templateLanguage: req.templateLanguage,
      }),
    );
    return { deliveryId: result.deliveryId, channelId: result.channelId, status: IngressV1.IngressDeliveryState.INGRESS_DELIVERY_STATE_QUEUED, error: '' };
  }
}
