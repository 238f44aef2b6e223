export type Intent = 'greeting' | 'handoff_request' | 'thanks' | 'question';

// \b only knows ASCII letters; this boundary works for Cyrillic too.
const END = '(?![\\p{L}\\p{N}_])';
const START = '(?<![\\p{L}\\p{N}_])';
const word = (alternatives: string) => new RegExp(`${START}(${alternatives})${END}`, 'iu');

const PERSON_EN = word('human|humans|person|someone|somebody|operator|agent|manager|representative|support team|staff');
const ASK_EN = word("talk|speak|chat|connect|transfer|put me through|get me|give me|want|need|let me|can i|could i|i'd like");
const PERSON_PHRASE_EN = word('real person|live agent|live person|human being|real human');
const PERSON_RU = /(?<![\p{L}])(оператор|человек|менеджер|сотрудник|живо[йм]|живого|консультант)/iu;
const ASK_RU = /(?<![\p{L}])(позов|позвать|дай|дайте|соедин|переключ|нуж[еннао]|хочу|свяж|поговор|можно|пригласи|переведите)/iu;

const GREETING = new RegExp(
  `^\\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings|привет|здравствуй(те)?|добрый (день|вечер)|доброе утро|доброго (дня|вечера))${END}[\\s!.,]*`,
  'iu',
);
const THANKS = word('thanks|thank you|thx|cheers|спасибо|благодарю');

const wordsOf = (t: string) => t.split(/\s+/).filter(Boolean).length;

/** "Talk to a person", "оператор", "позовите менеджера" — but not "which mobile operators do you support?". */
function asksForPerson(t: string, words: number): boolean {
  if (PERSON_PHRASE_EN.test(t)) return true;
  const person = PERSON_EN.test(t) || PERSON_RU.test(t);
  return person && (words <= 3 || ASK_EN.test(t) || ASK_RU.test(t));
}

/** Rule-based intent of the built-in offline policy. */
export function recognizeIntent(text: string): Intent {
  const t = text.trim();
  const words = wordsOf(t);
  if (asksForPerson(t, words)) return 'handoff_request';
  const greeting = GREETING.exec(t);
  if (greeting && words <= 5) {
    const rest = t.slice(greeting[0].length);
    // "Hi, do you ship abroad?" is a question; "Привет, как дела?" is small talk.
    if (!(rest.includes('?') && wordsOf(rest) >= 3)) return 'greeting';
  }
  if (THANKS.test(t) && words <= 6 && !t.includes('?')) return 'thanks';
  return 'question';
}
