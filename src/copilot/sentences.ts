/**
 * Text handling for the offline drafter: choosing the steps or sentences of a source that answer a
 * question, and cleaning a past agent reply so it can be reused. Pure functions, no I/O.
 */

/** Function words of the four template languages; they would make every sentence "overlap". */
const STOPWORDS = new Set(
  (
    "the and for are you your how what why can does this that with have not our from when where which there then them they " +
    "was were will would could should into about just also please thanks thank hello dear regards cheers best " +
    "der die das und ist ich nicht wir sie ein eine einen mit für auf wie kann ihr unser bei von den dem des sich " +
    "hallo danke bitte grüße los las una por para con que del como nuestro puedo hola gracias saludos " +
    "les est nous vous une des pour pas avec mon notre comment qui sur dans bonjour merci cordialement"
  ).split(" "),
);

const WORD = /\p{L}[\p{L}\p{N}'’-]*/gu;

/**
 * Comparable keys for the content words of a text: lower-cased, stopwords and words under three
 * letters dropped, cut to five letters so "labels"/"label" and "printing"/"print" meet without a
 * stemmer per language.
 */
export function contentKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    if (word.length >= 3 && !STOPWORDS.has(word)) keys.add(word.slice(0, 5));
  }
  return keys;
}

function overlap(text: string, question: Set<string>): number {
  let score = 0;
  for (const key of contentKeys(text)) if (question.has(key)) score += 1;
  return score;
}

/**
 * Lines that talk to a model or an agent rather than a customer ("ignore previous instructions",
 * "system prompt"). Sources are untrusted, so such lines are dropped, never passed on as policy.
 */
const INSTRUCTION_LIKE =
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules|guidelines)\b|\bsystem prompt\b|\byou are (now )?an? (ai|assistant|language model)\b/i;

/** Source text without its repeated title line and without instruction-like lines. */
export function usableLines(text: string, title: string): string[] {
  const normalisedTitle = title.trim().toLowerCase();
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.toLowerCase() !== normalisedTitle && !INSTRUCTION_LIKE.test(line));
}

const STEP = /^(\d{1,2})[.)]\s+(.+)$/;

/**
 * The run of numbered lines ("1. Go to Settings") that best matches the question, numbers kept as
 * the article has them, at most `max` (the article link carries the rest). Empty when there are none.
 */
export function numberedSteps(lines: string[], question: string, max = 8): string[] {
  const runs: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    const step = STEP.exec(line);
    if (step) current.push(`${step[1]}. ${step[2]}`);
    else if (line !== "" && current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  const keys = contentKeys(question);
  let best: string[] = [];
  let bestScore = -1;
  for (const run of runs) {
    const score = overlap(run.join(" "), keys);
    if (score > bestScore) [best, bestScore] = [run, score];
  }
  return best.slice(0, max);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "sentence" });

/** Whole sentences only: headings and lead-ins ending in ":" would dangle on their own. */
function sentencesOf(lines: string[]): string[] {
  const sentences: string[] = [];
  for (const line of lines) {
    const text = line.replace(/^([-*•]|\d{1,2}[.)])\s+/, "");
    for (const { segment } of segmenter.segment(text)) {
      const sentence = segment.trim();
      if (/[.!?]$/.test(sentence) && sentence.length >= 15) sentences.push(sentence);
    }
  }
  return sentences;
}

/**
 * The `count` sentences sharing the most content words with the question, in their original order.
 * Word overlap is deliberately simple: retrieval already chose this passage as the best match, so we
 * only pick within a few hundred characters, and a count of shared words is easy to explain and
 * test. Ties go to the sentence nearest the best match. When nothing overlaps (the question may be
 * in another language) the opening sentences are used, which is where help articles summarise.
 */
export function relevantSentences(lines: string[], question: string, count = 3): string[] {
  const sentences = sentencesOf(lines);
  const keys = contentKeys(question);
  const scored = sentences.map((sentence, index) => ({ sentence, index, score: overlap(sentence, keys) }));
  const top = scored.reduce((best, s) => (s.score > best.score ? s : best), scored[0] ?? { index: 0, score: 0 });
  // Ties go to the sentence nearest the best one: an answer is usually one passage, not scattered lines.
  const ranked = [...scored].sort(
    (a, b) => b.score - a.score || Math.abs(a.index - top.index) - Math.abs(b.index - top.index) || a.index - b.index,
  );
  const matching = ranked.filter((r) => r.score > 0).slice(0, count);
  const chosen = matching.length >= 2 ? matching : ranked.slice(0, Math.min(2, count));
  return chosen.sort((a, b) => a.index - b.index).map((r) => r.sentence);
}

// Lookaheads instead of \b: \b is ASCII-only, so "Grüße\b" or "chère\b" would never match. "Merci" only
// as thanks: "Merci de vérifier …" opens content.
const GREETING = /^(hi|hey|hello|dear|thanks|thank you|danke|vielen dank|gracias|merci(?= pour| de votre| beaucoup|\s*[,!.])|good (morning|afternoon|evening)|hallo|guten (tag|morgen|abend)|moin|liebe[rs]?|hola|buen[oa]s|estimad[oa]|bonjour|bonsoir|salut|cher|chère)(?!\p{L})/iu;
// Closing lines and pleasantries ("Just reply here if you get stuck."): the reply template has its own.
// "Merci"/"Danke"/"Gracias" alone are left out: "Merci de vérifier …" is content. Short ones
// ("Merci,\nMei") are caught by the three-word rule instead.
const SIGN_OFF =
  /^([—–-]\s*\p{L}|(thanks|thank you|cheers|best|kind regards|regards|all the best|viele grüße|beste grüße|mit freundlichen grüßen|danke und gruß|saludos|un saludo|atentamente|cordialement|bien cordialement|bonne journée|just reply|hope (this|that) helps|let (me|us) know|feel free|reach out|happy shipping|melden sie sich|n'hésitez pas|no dude|glad to hear|happy to help|great, i'll close|you're welcome|no problem)(?!\p{L}))/iu;
/** "Thanks for the suggestion, I've logged it. Until bulk edit exists, …" is content, not a sign-off. */
const MAX_SIGN_OFF_CHARS = 80;
const MAX_RESOLUTION_CHARS = 900;

/**
 * A past agent reply reduced to its substance: the greeting (it names another customer) and the
 * sign-off (it names another agent) are dropped, trailing pleasantries of three words or fewer too,
 * and the rest is cut at a sentence boundary so a long reply does not become a dump.
 */
export function resolutionBody(text: string, title = ""): string {
  const paragraphs = usableLines(text, title)
    .join("\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const first = paragraphs[0];
  if (first && GREETING.test(first)) {
    const rest = first.split("\n").slice(1).join("\n").trim();
    // "Bonjour Hugo, merci pour votre message." is all greeting; a longer first line is content.
    if (first.split("\n")[0]!.length <= 80) paragraphs.splice(0, 1, ...(rest ? [rest] : []));
  }
  while (paragraphs.length > 0) {
    const last = paragraphs[paragraphs.length - 1]!;
    const signOff = SIGN_OFF.test(last) && last.length <= MAX_SIGN_OFF_CHARS;
    if (!signOff && last.split(/\s+/).length > 3) break;
    paragraphs.pop();
  }
  let body = "";
  for (const sentence of segments(paragraphs.join("\n\n"))) {
    if (body.length > 0 && body.length + sentence.length > MAX_RESOLUTION_CHARS) break;
    body += sentence;
  }
  return body.trim();
}

/** Sentence segments that keep their own whitespace, so paragraphs survive being re-joined. */
function segments(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

/**
 * The customer's first name as it may appear in a greeting, or "" when there is none we trust:
 * customer names are untrusted too, so anything but a plain name ("[REDACTED]", "ACME Ltd.") is not used.
 */
export function firstNameOf(customerName: string | undefined): string {
  const first = customerName?.trim().split(/\s+/)[0] ?? "";
  if (!/^\p{L}[\p{L}'’-]{0,39}$/u.test(first)) return "";
  const sameCase = first === first.toLowerCase() || first === first.toUpperCase();
  return sameCase ? first.charAt(0).toUpperCase() + first.slice(1).toLowerCase() : first;
}
