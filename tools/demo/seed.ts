import { status } from '@grpc/grpc-js';
import { CheckoutV1, CommonV1, DialogueV1, IngressV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient, GrpcCallError } from '@concierge/grpc';
import { DEMO_FAQ_CSV, DEMO_PRODUCTS } from './demo-data';

export const DEMO_TENANT = 'demo';

export interface DemoSeedOptions {
  apiKey: string;
  addresses: { ingress: string; dialogue: string; checkout: string };
  telegram: { webhookSecret: string; botToken: string };
}

const ignoreExisting = (err: unknown) => {
  if (err instanceof GrpcCallError && err.code === status.ALREADY_EXISTS) return;
  throw err;
};

/** Seeds the demo tenant: a widget and a Telegram channel, an FAQ, a small catalog. Safe to run again. */
export async function seedDemoTenant(o: DemoSeedOptions): Promise<void> {
  const opts = { apiKey: o.apiKey, deadlineMs: 15_000 };
  const ingress = createGrpcClient<IngressV1.IngressServiceClient>(ServiceProtos.ingress, { ...opts, address: o.addresses.ingress });
  const dialogue = createGrpcClient<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue, { ...opts, address: o.addresses.dialogue });
  const checkout = createGrpcClient<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout, { ...opts, address: o.addresses.checkout });
  try {
    await ingress
      .createChannel({ tenantId: DEMO_TENANT, channelId: 'demo-widget', kind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, name: 'Demo shop widget', settings: {}, secrets: {} })
      .catch(ignoreExisting);
    await ingress
      .createChannel({
        tenantId: DEMO_TENANT,
        channelId: 'demo-telegram',
        kind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM,
        name: 'Demo Telegram bot',
        settings: {},
        secrets: { webhook_secret: o.telegram.webhookSecret, bot_token: o.telegram.botToken },
      })
      .catch(ignoreExisting);
    await dialogue.ingestKnowledge({
      tenantId: DEMO_TENANT,
      title: 'Demo shop FAQ',
      format: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_FAQ_CSV,
      content: DEMO_FAQ_CSV,
      language: '',
      source: 'demo-faq',
    });
    await checkout.upsertProducts({ tenantId: DEMO_TENANT, products: DEMO_PRODUCTS });
  } finally {
    ingress.close();
    dialogue.close();
    checkout.close();
  }
}
