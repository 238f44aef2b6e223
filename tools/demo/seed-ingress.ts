import { CommonV1, IngressV1, ServiceProtos } from '@concierge/contracts';
import { ignoreExisting, SeedContext, seedClient } from './seed-context';

/** The demo shop's channels: the web widget and a Telegram bot. */
export async function seedIngress(ctx: SeedContext): Promise<void> {
  const ingress = seedClient<IngressV1.IngressServiceClient>(ServiceProtos.ingress, ctx.addresses.ingress, ctx);
  try {
    await ingress
      .createChannel({ tenantId: ctx.tenantId, channelId: 'demo-widget', kind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, name: 'Demo shop widget', settings: {}, secrets: {} })
      .catch(ignoreExisting);
    await ingress
      .createChannel({
        tenantId: ctx.tenantId,
        channelId: 'demo-telegram',
        kind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM,
        name: 'Demo Telegram bot',
        settings: {},
        secrets: { webhook_secret: ctx.telegram.webhookSecret, bot_token: ctx.telegram.botToken },
      })
      .catch(ignoreExisting);
  } finally {
    ingress.close();
  }
}
