import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { ChannelEntity } from '../../channels/persistence/channel.entity';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import { AttachmentPolicy, parseAllowedTypes } from '../domain/attachment-policy';
import { InboundErrorCode, InboundException } from '../domain/inbound.exception';
import { RateLimiter } from '../domain/rate-limiter';

/** Per-channel and per-sender rate limits and the attachment policy, shared by every inbound route. */
@Injectable()
export class InboundGate {
  private readonly perChannel: RateLimiter;
  private readonly perSender: RateLimiter;
  readonly attachments: AttachmentPolicy;

  constructor(@Inject(SERVICE_CONFIG) config: ChannelIngressEnv) {
    this.perChannel = new RateLimiter(config.RATE_LIMIT_CHANNEL_PER_MINUTE, Math.max(1, Math.ceil(config.RATE_LIMIT_CHANNEL_PER_MINUTE / 6)));
    this.perSender = new RateLimiter(config.RATE_LIMIT_SENDER_PER_MINUTE, config.RATE_LIMIT_SENDER_BURST);
    this.attachments = { maxBytes: config.ATTACHMENT_MAX_BYTES, allowed: parseAllowedTypes(config.ATTACHMENT_ALLOWED_TYPES) };
  }

  /** Call after authentication (forgeries must not drain a real sender's budget). Throws 429 with Retry-After. */
  admit(res: Response, channel: ChannelEntity, sender: string): void {
    const wait = this.perChannel.take(channel.id) || this.perSender.take(`${channel.id}\u0000${sender}`);
    if (!wait) return;
    res.setHeader('Retry-After', String(wait));
    throw new InboundException(InboundErrorCode.RateLimited, `too many messages; retry after ${wait}s`, wait);
  }
}

/** JSON webhooks get a tighter body limit than the email and upload routes. */
@Injectable()
export class WebhookBodyLimitMiddleware implements NestMiddleware {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv) {}

  use(req: Request & { rawBody?: Buffer }, res: Response, next: NextFunction): void {
    const size = req.rawBody?.length ?? 0;
    if (size > this.config.WEBHOOK_MAX_BODY_BYTES) {
      res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `body is larger than ${this.config.WEBHOOK_MAX_BODY_BYTES} bytes` } });
      return;
    }
    next();
  }
}
