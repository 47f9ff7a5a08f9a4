/**
 * English function words plus help-desk filler (greetings, politeness, "issue", "problem") that
 * says nothing about a topic. c-TF-IDF already down-weights words common to every topic; removing
 * these keeps them out of bigrams and labels as well.
 */
export const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below between both but by " +
    "can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has " +
    "hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if " +
    "in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our " +
    "ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their " +
    "theirs them themselves then there there's these they they'd they'll they're they've this those through to too under until " +
    "up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom " +
    "why why's with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves also just still yet " +
    "get got getting go going will im ive dont cant didnt doesnt isnt wont want need needs know like one two now already even " +
    "hi hello hey dear thanks thank thx please pls regards cheers best team support help helpful kindly sorry ok okay yes " +
    "issue issues problem problems question questions anyone someone something anything way today yesterday tomorrow since " +
    "ago back able us really much many every could would via may might must shall let lets sure tried trying try thing things " +
    "redacted email phone card iban address"
  ).split(/\s+/),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** A text's words, lower-cased, without a possessive "'s" or trailing apostrophes and hyphens. */
export function* lowerWords(text: string): Generator<string> {
  for (const match of text.toLowerCase().matchAll(WORD)) yield match[0].replace(/['’]s$/, "").replace(/['’-]+$/, "");
}

/** Too short, or a bare number: no word to describe a topic by. */
export const isTrivialWord = (word: string): boolean => word.length < 2 || /^\d+$/.test(word);

/** Lower-cased words and adjacent-word bigrams (bigrams never span a stopword), for one text. */
export function terms(text: string): string[] {
  const out: string[] = [];
  let previous: string | undefined;
  for (const word of lowerWords(text)) {
    if (isTrivialWord(word) || STOPWORDS.has(word)) {
      previous = undefined;
      continue;
    }
    out.push(word);
    if (previous) out.push(`${previous} ${word}`);
    previous = word;
  }
  return out;
}
