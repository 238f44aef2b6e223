import { CommonV1, IngressV1, ServiceProtos } from '@concierge/contracts';
import { ignoreExisting, SeedContext, seedClient } from './seed-context';

/**
 * The demo shop's channels: the web widget, a Telegram bot, an API channel for app prototypes and a voice channel
 * (demo keys, overridable with DEMO_API_KEY / DEMO_VOICE_SECRET / DEMO_IDENTIFY_SECRET; see docs/channels.md).
 */
export async function seedIngress(ctx: SeedContext): Promise<void> {
  const ingress = seedClient<IngressV1.IngressServiceClient>(ServiceProtos.ingress, ctx.addresses.ingress, ctx);
  try {
    await ingress
      .createChannel({ tenantId: ctx.tenantId, channelId: 'demo-widget', kind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, name: 'Demo shop widget', settings: {}, secrets: { identify_secret: process.env.DEMO_IDENTIFY_SECRET ?? 'demo-identify-secret' } })
      .catch(ignoreExisting);
    await ingress
      .createChannel({ tenantId: ctx.tenantId, channelId: 'demo-api', kind: CommonV1.ChannelKind.CHANNEL_KIND_API, name: 'Demo app API', settings: {}, secrets: { api_key: process.env.DEMO_API_KEY ?? 'demo-api-key' } })
      .catch(ignoreExisting);
    await ingress
      .createChannel({ tenantId: ctx.tenantId, channelId: 'demo-voice', kind: CommonV1.ChannelKind.CHANNEL_KIND_VOICE, name: 'Demo phone line', settings: {}, secrets: { webhook_secret: process.env.DEMO_VOICE_SECRET ?? 'demo-voice-secret' } })
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
