import { agentMayReply, Mode, transition } from './conversation-mode';
import { DialogueErrorCode } from './dialogue.exception';

const { CONVERSATION_MODE_AI: AI, CONVERSATION_MODE_HANDOFF_REQUESTED: HANDOFF, CONVERSATION_MODE_HUMAN: HUMAN, CONVERSATION_MODE_CLOSED: CLOSED } = Mode;

describe('transition', () => {
  it.each([
    [AI, HANDOFF],
    [AI, HUMAN],
    [AI, CLOSED],
    [HANDOFF, HUMAN],
    [HANDOFF, AI],
    [HANDOFF, CLOSED],
    [HUMAN, AI],
    [HUMAN, CLOSED],
    [CLOSED, AI],
  ])('moves %s → %s', (from, to) => {
    expect(transition(from, to)).toBe(to);
  });

  it.each([AI, HANDOFF, HUMAN, CLOSED])('staying in %s is allowed', (mode) => {
    expect(transition(mode, mode)).toBe(mode);
  });

  it.each([
    [HUMAN, HANDOFF],
    [CLOSED, HUMAN],
    [CLOSED, HANDOFF],
    [AI, Mode.CONVERSATION_MODE_UNSPECIFIED],
    [Mode.CONVERSATION_MODE_UNSPECIFIED, AI],
  ])('refuses %s → %s as a failed precondition', (from, to) => {
    expect(() => transition(from, to)).toThrow(
      expect.objectContaining({ kind: 'failed_precondition', code: DialogueErrorCode.WrongMode, message: expect.stringContaining(`${from} cannot move to ${to}`) }),
    );
  });
});

describe('agentMayReply', () => {
  it('lets the agent talk in AI mode and in a closed conversation that a new message reopens', () => {
    expect(agentMayReply(AI)).toBe(true);
    expect(agentMayReply(CLOSED)).toBe(true);
  });

  it('keeps the agent quiet while a person owns the conversation or is about to', () => {
    expect(agentMayReply(HANDOFF)).toBe(false);
    expect(agentMayReply(HUMAN)).toBe(false);
  });
});
