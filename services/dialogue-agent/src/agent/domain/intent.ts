export type Intent = 'greeting' | 'handoff_request' | 'thanks' | 'question';

const HANDOFF =
  /\b(human|real person|a person|someone real|operator|live agent|agent|manager|representative|support team)\b|человек|оператор|менеджер|живой|сотрудник/i;
const GREETING =
  /^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings|привет|здравствуй(те)?|добрый (день|вечер|утро)|доброе утро|хай)\b[\s!.,]*/i;
const THANKS = /\b(thanks|thank you|thx|cheers)\b|спасибо|благодарю/i;

/** Rule-based intent of the built-in offline policy. */
export function recognizeIntent(text: string): Intent {
  const t = text.trim();
  if (HANDOFF.test(t)) return 'handoff_request';
  const words = t.split(/\s+/).filter(Boolean).length;
  if (GREETING.test(t) && words <= 5) return 'greeting';
  if (THANKS.test(t) && words <= 6) return 'thanks';
  return 'question';
}
