/**
 * PII redaction for ingested tickets and articles. Every built-in regex is written so that each
 * start position costs a bounded amount of work: quantifiers are bounded, repeated groups are
 * separated by a mandatory character the group itself cannot contain (so there is one way to split
 * the input), and most patterns open with a fixed-length lookbehind that rejects starts in the
 * middle of a token in O(1). That keeps hostile input (1 MB of "1 " or "a@") linear.
 * Extra patterns come from operator configuration and are trusted to be equally careful.
 */

export type RedactionRule = "email" | "phone" | "card" | "iban" | "address";
export interface RedactorOptions {
  rules: RedactionRule[];
  /** Regex sources, applied with flags "gi" after the built-in rules. */
  extraPatterns?: string[];
}
export type Redactor = (text: string) => string;

const ORDER: readonly RedactionRule[] = ["email", "iban", "card", "phone", "address"];
const PLACEHOLDER = String.raw`\[(?:EMAIL|PHONE|CARD|IBAN|ADDRESS|REDACTED)\]`;

/** Luhn checksum over the digits; spaces and dashes are ignored, anything else fails. */
export function luhnValid(digits: string): boolean {
  const d = digits.replace(/[ -]/g, "");
  if (!/^\d{2,}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

/** ISO 13616: move the first four characters to the end, letters become 10..35, value mod 97 is 1. */
export function ibanValid(candidate: string): boolean {
  const s = candidate.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  let rem = 0;
  for (const ch of s.slice(4) + s.slice(0, 4)) {
    const v = parseInt(ch, 36); // "0".."9" -> 0..9, "A".."Z" -> 10..35
    rem = (v < 10 ? rem * 10 + v : rem * 100 + v) % 97; // chunked, so no BigInt is needed
  }
  return rem === 1;
}

// Local part and labels are bounded (RFC 5321 limits); the lookbehind only allows a start at the
// beginning of a local-part run, so "aaaa...@" is tried once, not once per character.
const EMAIL_RE = /(?<![\w.%+-])[\w.%+-]{1,64}@(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24}(?![\w-])/gi;

// Groups of exactly four with an optional space, plus a 1-3 character tail: one parse per input.
const IBAN_RE = /(?<![a-z0-9])[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,3})?(?![a-z0-9])/gi;

function redactIban(match: string): string {
  // A spaced IBAN can swallow a following short word ("... 0130 00 from"); retry without it.
  for (let end = match.length; end > 0; end = match.lastIndexOf(" ", end - 1)) {
    const head = match.slice(0, end);
    // Prose such as "fy24 plan beta test" passes mod-97 by luck 1 time in 97; real BBANs are mostly digits.
    const bban = head.replace(/\s+/g, "").slice(4);
    if (ibanValid(head) && bban.replace(/\D/g, "").length * 2 >= bban.length) return `[IBAN]${match.slice(end)}`;
  }
  return match;
}

// The whole digit run must be 13-19 digits: a longer run (or one glued to letters) is not a card.
const CARD_RE = /(?<!\w|\d[ -])\d(?:[ -]?\d){12,18}(?!\w|[ -]\d)/g;

// Phone: a "+cc" or "(area)" prefix, then digit groups joined by exactly one of " .-". Starts are
// refused after letters, digits+space, currency, "#", "-", ".", "," or "/" (order numbers, money,
// versions, dates); the match may not continue as "-5", ".5", ":5" (dates, times, IP addresses).
const PHONE_RE =
  /(?<![\w+#€$£¥.,/\\-]|\d )(?:\+\d{1,3}[ .-]?(?:\(\d{1,5}\)[ .-]?)?|\(\d{1,5}\)[ .-]?)?\d{1,12}(?:[ .-]\d{1,12}){0,6}(?!\w|[.,:/\\-]\d)/g;
const DATE_SHAPE = /^(?:\d{1,2}[.-]\d{1,2}[.-]\d{2,4}|\d{4}[.-]\d{1,2}[.-]\d{1,2})$/;
// 4-4-4-4(-n) and 4-6-5 runs that failed Luhn are not phones either: never redact part of them.
const CARD_SHAPE = /^(?:\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?|\d{4}[ -]\d{6}[ -]\d{4,5})$/;

/** Whether space-separated chunks form one phone number: +international, NANP 3-3-4, or 0-trunk national. */
function isPhone(chunks: string[]): boolean {
  if (chunks.some((c) => DATE_SHAPE.test(c))) return false;
  const text = chunks.join(" ");
  const groups = text.match(/\d+/g) ?? [];
  const digits = groups.join("").length;
  if (text.startsWith("+")) return digits >= 8 && digits <= 15;
  if (groups.map((g) => g.length).join() === "3,3,4") return true;
  return /^\(?0\d/.test(text) && groups.length >= 2 && groups.every((g) => g.length >= 2) && digits >= 9 && digits <= 13;
}

/** Redacts the longest valid phone window at each chunk, left to right ("2026-11-20 555-013-4477"). */
function redactPhoneRun(run: string): string {
  if (CARD_SHAPE.test(run)) return run;
  const chunks = run.split(" ");
  const out: string[] = [];
  for (let i = 0; i < chunks.length; ) {
    let end = chunks.length;
    while (end > i && !isPhone(chunks.slice(i, end))) end--;
    if (end > i) {
      out.push("[PHONE]");
      i = end;
    } else {
      out.push(chunks[i] ?? "");
      i++;
    }
  }
  return out.join(" ");
}

// Addresses. S is one horizontal space so a match never spans lines; words are length-bounded.
const S = "[ \\t\\u00a0]";
const NOT_ALNUM_AFTER = String.raw`(?![\p{L}\p{N}])`;
const CAP = String.raw`\p{Lu}[\p{L}'’.-]{0,24}`;
const EN_SUFFIX = "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Way|Court|Ct|Place|Pl|Square|Sq|Terrace";
const EN_UNIT = String.raw`(?:,?${S}(?:Apt|Apartment|Suite|Ste|Unit|Flat)\.?${S}?#?[A-Za-z0-9-]{1,6}${NOT_ALNUM_AFTER})?`;
// "221B Baker Street, Apt 4": a suffix glued to more letters ("3 Easy Steps") fails the lookahead.
const EN = String.raw`(?<![\p{L}\p{N}#.,/-])\d{1,5}[A-Za-z]?${S}(?:(?:${CAP}|\d{1,3}(?:st|nd|rd|th))${S}){1,4}(?:${EN_SUFFIX})\.?${NOT_ALNUM_AFTER}(?:${S}(?:N|S|E|W|NE|NW|SE|SW)${NOT_ALNUM_AFTER})?${EN_UNIT}`;
// "Hauptstraße 12", "Musterstr. 5", "Berliner Straße 3", "Karl-Marx-Allee 7".
const DE_GLUED = "straße|strasse|str\\.?|weg|gasse|platz|allee|ring|damm|ufer";
const DE_WORD = "Straße|Strasse|Str\\.|Weg|Gasse|Platz|Allee";
const DE = String.raw`(?<![\p{L}\p{N}])(?:\p{Lu}\p{Ll}{1,30}(?:${DE_GLUED})|(?:\p{Lu}\p{Ll}{1,30}[- ]){1,3}(?:${DE_WORD}))${S}?\d{1,4}[a-zA-Z]?${NOT_ALNUM_AFTER}`;
// "Calle Mayor 3", "Avenida de la Constitución 12": lowercase connectors and capitalised words never overlap.
const ES_LINK = String.raw`(?:(?:de|del|la|las|los|el|y)${S}){0,2}`;
const ES = String.raw`(?<![\p{L}\p{N}])(?:Calle|C\/|Avenida|Avda\.|Paseo|Plaza|Camino|Carrer|Ronda)${S}${ES_LINK}${CAP}(?:${S}${ES_LINK}${CAP}){0,3},?${S}(?:n[º°o]\.?${S}?)?\d{1,4}[A-Za-z]?${NOT_ALNUM_AFTER}`;
// "12 rue de la Paix", "5 bis, avenue des Champs-Élysées": street type in either case.
const FR_TYPE = ["rue", "avenue", "boulevard", "bd", "place", "impasse", "allée", "chemin", "quai", "route", "cours"]
  .map((w) => `[${w[0]?.toUpperCase()}${w[0]}]${w.slice(1)}`)
  .join("|");
const FR = String.raw`(?<![\p{L}\p{N}])\d{1,4}(?:${S}?(?:bis|ter))?,?${S}(?:${FR_TYPE})${S}(?:(?:de|du|des|la|le|les)${S}|[ldLD]['’]){0,3}${CAP}(?:${S}${CAP}){0,3}`;
const ADDRESS_RE = new RegExp([EN, DE, ES, FR].join("|"), "gu");

const BUILT_IN: Record<RedactionRule, (text: string) => string> = {
  email: (t) => t.replace(EMAIL_RE, "[EMAIL]"),
  iban: (t) => t.replace(IBAN_RE, redactIban),
  card: (t) => t.replace(CARD_RE, (m) => (luhnValid(m) ? "[CARD]" : m)),
  phone: (t) => t.replace(PHONE_RE, redactPhoneRun),
  address: (t) => t.replace(ADDRESS_RE, "[ADDRESS]"),
};

function extraPattern(source: string): (text: string) => string {
  new RegExp(source, "gi"); // throws SyntaxError here, before wrapping could make a broken source "valid"
  // Placeholders are matched first and kept, so a pattern like "MAIL" cannot eat into "[EMAIL]".
  const re = new RegExp(`${PLACEHOLDER}|(?:${source})`, "gi");
  const isPlaceholder = new RegExp(`^${PLACEHOLDER}$`, "i");
  return (t) => t.replace(re, (m) => (m === "" || isPlaceholder.test(m) ? m : "[REDACTED]"));
}

// Redacting one span can change the neighbourhood of another (a card followed by " [PHONE]" no
// longer looks like part of a longer number), so passes repeat until the text is stable; that is
// what makes redact(redact(x)) === redact(x). Two passes suffice in practice; the cap is a backstop.
const MAX_PASSES = 4;

export function createRedactor(options: RedactorOptions): Redactor {
  for (const rule of options.rules) {
    if (!ORDER.includes(rule)) throw new TypeError(`Unknown redaction rule: ${String(rule)}`);
  }
  const steps = [
    ...ORDER.filter((rule) => options.rules.includes(rule)).map((rule) => BUILT_IN[rule]),
    ...(options.extraPatterns ?? []).map(extraPattern),
  ];
  const pass = (text: string) => steps.reduce((acc, step) => step(acc), text);
  return (text) => {
    let current = text;
    for (let i = 0; i < MAX_PASSES; i++) {
      const next = pass(current);
      if (next === current) break;
      current = next;
    }
    return current;
  };
}
