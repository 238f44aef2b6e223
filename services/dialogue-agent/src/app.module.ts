import { Module } from '@nestjs/common';
import { ServiceProtos } from '@concierge/contracts';
import { ServiceKitModule } from '@concierge/service-kit';
import { dialogueAgentEnv } from './config/dialogue-agent.env';
import { ConversationsModule } from './conversations/conversations.module';
import { entities, migrations } from './database';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { ProactiveModule } from './proactive/proactive.module';

export const SERVICE = { service: 'dialogue-agent', proto: ServiceProtos.dialogue } as const;

@Module({
  imports: [
    ServiceKitModule.forRoot({ ...SERVICE, env: dialogueAgentEnv, entities, migrations }),
    KnowledgeModule,
    ConversationsModule,
    ProactiveModule,
  ],
})
export class AppModule {}
