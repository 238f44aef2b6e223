import type { AgentState } from '../../agent/domain/agent-state';

export type Resolution = 'ai_resolved' | 'human_resolved' | 'abandoned';

/**
 * The explicit rule (docs/agent.md, "Resolution"), applied when a conversation closes:
 * 1. a person replied in this episode → human_resolved;
 * 2. a handoff was requested and nobody picked it up → abandoned;
 * 3. the customer's last message got no answer → abandoned;
 * 4. the customer left frustrated (last message frustration ≥ 0.6) → abandoned;
 * 5. the assistant answered and nobody else was needed → ai_resolved.
 */
export function resolveEpisode(input: { mode: string; state: AgentState; lastTurnRole: string }): { resolution: Resolution; rule: string } {
  const e = input.state.episode;
  if (e?.humanReplied) return { resolution: 'human_resolved', rule: 'a person replied in this conversation' };
  if (input.mode === 'CONVERSATION_MODE_HANDOFF_REQUESTED' || e?.handoffRequested)
    return { resolution: 'abandoned', rule: 'a person was requested and nobody replied before closing' };
  if (input.lastTurnRole === 'TURN_ROLE_CUSTOMER' || !e?.aiReplies) return { resolution: 'abandoned', rule: "the customer's last message got no answer" };
  if ((e?.lastCustomerFrustration ?? 0) >= 0.6) return { resolution: 'abandoned', rule: 'the customer left frustrated' };
  return { resolution: 'ai_resolved', rule: 'only the assistant answered and the customer did not leave frustrated' };
}
