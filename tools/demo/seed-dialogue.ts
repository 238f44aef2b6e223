import { DialogueV1, ServiceProtos } from '@concierge/contracts';
import { DEMO_FAQ_CSV, DEMO_GOLDEN_TRANSCRIPT, DEMO_POLICIES_MD, DEMO_POLICIES_RU_MD } from './dialogue.demo-data';
import { SeedContext, seedClient } from './seed-context';

const F = DialogueV1.KnowledgeFormat;

/** The demo shop's knowledge base: FAQ, policies (EN/RU) and a golden sales transcript. Same sources replace on re-seed. */
export async function seedDialogue(ctx: SeedContext): Promise<void> {
  const dialogue = seedClient<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue, ctx.addresses.dialogue, ctx);
  const docs = [
    { title: 'Demo shop FAQ', format: F.KNOWLEDGE_FORMAT_FAQ_CSV, content: DEMO_FAQ_CSV, language: '', source: 'demo-faq' },
    { title: 'Shop policies', format: F.KNOWLEDGE_FORMAT_MARKDOWN, content: DEMO_POLICIES_MD, language: 'en', source: 'demo-policies-en' },
    { title: 'Правила магазина', format: F.KNOWLEDGE_FORMAT_MARKDOWN, content: DEMO_POLICIES_RU_MD, language: 'ru', source: 'demo-policies-ru' },
    { title: 'Moka pot sale', format: F.KNOWLEDGE_FORMAT_TRANSCRIPT, content: DEMO_GOLDEN_TRANSCRIPT, language: 'en', source: 'demo-golden-moka' },
  ];
  try {
    for (const doc of docs) {
      const r = await dialogue.ingestKnowledge({ tenantId: ctx.tenantId, ...doc });
      ctx.log(`dialogue: knowledge "${doc.title}" → ${r.chunkCount} chunk(s)`);
    }
  } finally {
    dialogue.close();
  }
}
