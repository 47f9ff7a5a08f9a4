import { franc } from "franc-min";

/** ISO 639-3 (franc) → ISO 639-1 for the languages we have reply templates for (prompts/reply-offline.*.md). */
const SUPPORTED: Record<string, string> = { eng: "en", deu: "de", spa: "es", fra: "fr" };

/**
 * Close relatives franc also weighs, so that Italian or Portuguese text falls back instead of being
 * forced into Spanish or French (with `only`, franc always picks one of the candidates it is given).
 */
const UNSUPPORTED_NEIGHBOURS = ["ita", "por", "nld"];
const CANDIDATES = [...Object.keys(SUPPORTED), ...UNSUPPORTED_NEIGHBOURS];

/** Below this, trigram statistics are noise: "Danke!" or an order number says nothing reliable. */
export const MIN_DETECTABLE_LENGTH = 25;

/**
 * Frequent function words and greetings. Trigrams alone misread about 1% of the sample's short English tickets
 * ("Is ZPL better than PDF?") as French or German because product names dominate; a clear majority
 * of function words settles those, and franc decides everything that is not clear-cut.
 */
const FUNCTION_WORDS: Record<string, Set<string>> = {
  en: new Set("the and is are you your how what why can do does it this that we our my with for not have hi hello thanks cheers than each".split(" ")),
  de: new Set("der die das und ist ich nicht wir sie ein eine mit für auf wie kann ihr unser bei zu hallo danke grüße".split(" ")),
  es: new Set("el la los las y es que no en un una por para con mi nuestro cómo puedo qué se hola gracias saludos".split(" ")),
  fr: new Set("le la les et est je nous vous une des pour pas avec mon notre comment qui que sur ne bonjour merci cordialement".split(" ")),
};

function byFunctionWords(text: string): string | undefined {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const hits = Object.entries(FUNCTION_WORDS)
    .map(([language, set]) => ({ language, count: words.filter((w) => set.has(w)).length }))
    .sort((a, b) => b.count - a.count);
  const [first, second] = hits;
  // Three hits and twice the runner-up: "la" or "que" alone cannot tell Spanish from French.
  if (first && first.count >= 3 && first.count >= 2 * (second?.count ?? 0)) return first.language;
  return undefined;
}

/**
 * The language of a customer's text as ISO 639-1 (en, de, es, fr), or `fallback` when the text is
 * shorter than MIN_DETECTABLE_LENGTH, undetermined ("und") or in a language we have no templates for.
 */
export function detectLanguage(text: string, fallback = "en"): string {
  const trimmed = text.trim();
  if (trimmed.length < MIN_DETECTABLE_LENGTH) return fallback;
  const clear = byFunctionWords(trimmed);
  if (clear) return clear;
  return SUPPORTED[franc(trimmed, { only: CANDIDATES, minLength: MIN_DETECTABLE_LENGTH })] ?? fallback;
}
