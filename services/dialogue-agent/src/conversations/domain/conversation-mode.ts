import { DialogueV1 } from '@concierge/contracts';
import { DialogueErrorCode, DialogueException } from './dialogue.exception';

export const Mode = DialogueV1.ConversationMode;
export type Mode = DialogueV1.ConversationMode;

/** AI → HANDOFF_REQUESTED → HUMAN → AI (released) or CLOSED; a closed conversation reopens on a new message. */
const allowed: Record<string, Mode[]> = {
  [Mode.CONVERSATION_MODE_AI]: [Mode.CONVERSATION_MODE_HANDOFF_REQUESTED, Mode.CONVERSATION_MODE_HUMAN, Mode.CONVERSATION_MODE_CLOSED],
  [Mode.CONVERSATION_MODE_HANDOFF_REQUESTED]: [Mode.CONVERSATION_MODE_HUMAN, Mode.CONVERSATION_MODE_AI, Mode.CONVERSATION_MODE_CLOSED],
  [Mode.CONVERSATION_MODE_HUMAN]: [Mode.CONVERSATION_MODE_AI, Mode.CONVERSATION_MODE_CLOSED],
  [Mode.CONVERSATION_MODE_CLOSED]: [Mode.CONVERSATION_MODE_AI],
};

export function transition(from: Mode, to: Mode): Mode {
  if (from === to) return to;
  if (!allowed[from]?.includes(to))
    throw new DialogueException(DialogueErrorCode.WrongMode, `a conversation in ${from} cannot move to ${to}`);
  return to;
}

/** While a person owns the conversation (or is about to), the agent never talks over them. */
export function agentMayReply(mode: Mode): boolean {
  return mode === Mode.CONVERSATION_MODE_AI || mode === Mode.CONVERSATION_MODE_CLOSED;
}
