import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { ChannelRepository } from '../../channels/persistence/channel.repository';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import { isAllowedType } from '../../inbound/domain/attachment-policy';
import { fromMimeField, parseEmail, ProviderEmailJson, providerJsonToMime } from '../../inbound/domain/email-message';
import { InboundErrorCode, InboundException } from '../../inbound/domain/inbound.exception';
import { verifyMailgunSignature, verifyTimestampedHmac } from '../../inbound/domain/webhook-signature';
import { InboundGate } from '../../inbound/http/inbound-gate';
import { InlineAttachment, ReceiveMessageUseCase } from '../../inbound/use-cases/receive-message/receive-message.use-case';

type Req = Request & { rawBody?: Buffer };

/**
 * Inbound email: raw MIME (Content-Type message/rfc822), a provider's JSON, or a Mailgun route form post.
 * Authenticated by X-Concierge-Signature (HMAC of timestamp + body with the channel's webhook_secret) or a
 * Mailgun signature (timestamp + token with mailgun_signing_key).
 */
@Controller('v1/webhooks/email')
export class EmailWebhookController {
  private readonly seenTokens = new Map<string, number>();

  constructor(
    private readonly channels: ChannelRepository,
    private readonly receive: ReceiveMessageUseCase,
    private readonly gate: InboundGate,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
  ) {}

  @Post(':channelId')
  @HttpCode(200)
  async inbound(@Param('channelId') channelId: string, @Body() body: unknown, @Req() req: Req, @Res({ passthrough: true }) res: Response) {
    const channel = await this.channels.getEnabled(channelId, CommonV1.ChannelKind.CHANNEL_KIND_EMAIL);
    const secrets = this.channels.secrets(channel);
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    const raw = await this.authenticate(req, type, body, secrets);
    const mail = await parseEmail(raw, this.config.WIDGET_MAX_TEXT_LENGTH * 5);
    this.gate.admit(res, channel, mail.fromAddress);
    const { accepted, rejected } = this.screen(mail.attachments);
    const note = rejected.length ? `\n\n[not accepted: ${rejected.join('; ')}]` : '';
    if (!mail.text.trim() && !accepted.length) return { ok: true, ignored: true };
    const externalMessageId = mail.messageId || `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const result = await this.receive.execute({
      channel,
      identifierType: IdentityV1.IdentifierType.IDENTIFIER_TYPE_EMAIL,
      externalUserId: mail.fromAddress,
      // The provider checked SPF/DKIM before posting; a channel can opt out with trust_sender=false.
      verified: channel.settings.trust_sender !== 'false',
      externalMessageId,
      replyAddress: mail.fromAddress,
      text: mail.text + note,
      displayName: mail.fromName,
      locale: '',
      sentAt: mail.sentAt,
      inline: accepted,
      subject: mail.subject,
      replyToExternalId: mail.inReplyTo,
      conversationRef: mail.threadRoot,
      context: { message_id: mail.messageId, references: mail.references.join(' '), subject: mail.subject },
    });
    return { ok: true, messageId: result.messageId, duplicate: result.duplicate, rejectedAttachments: rejected };
  }

  private async authenticate(req: Req, type: string, body: unknown, secrets: Record<string, string>): Promise<Buffer> {
    const tolerance = this.config.WEBHOOK_SIGNATURE_TOLERANCE_S;
    const ts = req.header('x-concierge-timestamp');
    const sig = req.header('x-concierge-signature');
    const form = type.includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(String(body ?? ''))) : undefined;
    const json = type.includes('json') && typeof body === 'object' && body ? (body as ProviderEmailJson & { signature?: Record<string, string> }) : undefined;
    if (ts || sig) verifyTimestampedHmac(req.rawBody, ts, sig, secrets.webhook_secret, tolerance);
    else {
      const fields = form ?? json?.signature ?? {};
      verifyMailgunSignature(fields, secrets.mailgun_signing_key, tolerance);
      this.useTokenOnce(String(fields.token));
    }
    if (type.startsWith('message/rfc822')) return req.rawBody ?? Buffer.alloc(0);
    if (form) return fromMimeField(providerJsonToMime(form as ProviderEmailJson));
    if (json) return fromMimeField(providerJsonToMime(json));
    throw new InboundException(InboundErrorCode.UnsupportedMediaType, 'send raw MIME as message/rfc822, a provider JSON as application/json, or a Mailgun form post');
  }

  /** Mailgun: a token seen within the tolerance window is a replay. */
  private useTokenOnce(token: string) {
    const now = Date.now();
    for (const [t, at] of this.seenTokens) if (now - at > this.config.WEBHOOK_SIGNATURE_TOLERANCE_S * 1000) this.seenTokens.delete(t);
    if (this.seenTokens.has(token)) throw new InboundException(InboundErrorCode.Replayed, 'this Mailgun token was already used');
    this.seenTokens.set(token, now);
  }

  private screen(parts: { mimeType: string; fileName: string; content: Buffer }[]) {
    const accepted: InlineAttachment[] = [];
    const rejected: string[] = [];
    for (const p of parts) {
      const name = p.fileName || p.mimeType;
      if (p.content.length > this.gate.attachments.maxBytes) rejected.push(`${name}: larger than ${this.gate.attachments.maxBytes} bytes`);
      else if (!isAllowedType(p.mimeType, this.gate.attachments.allowed)) rejected.push(`${name}: type ${p.mimeType} not allowed`);
      else accepted.push({ kind: p.mimeType.startsWith('image/') ? 'image' : 'document', mimeType: p.mimeType, fileName: p.fileName, content: p.content });
    }
    return { accepted, rejected };
  }
}
