import { DialogueV1, ServiceProtos } from '@concierge/contracts';
import { DEMO_FAQ_CSV } from './dialogue.demo-data';
import { SeedContext, seedClient } from './seed-context';

/** The demo shop's knowledge base. */
export async function seedDialogue(ctx: SeedContext): Promise<void> {
  const dialogue = seedClient<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue, ctx.addresses.dialogue, ctx);
  try {
    await dialogue.ingestKnowledge({
      tenantId: ctx.tenantId,
      title: 'Demo shop FAQ',
      format: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_FAQ_CSV,
      content: DEMO_FAQ_CSV,
      language: '',
      source: 'demo-faq',
    });
  } finally {
    dialogue.close();
  }
}
