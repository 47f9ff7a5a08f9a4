import Sentiment from "sentiment";

/**
 * Signals in a customer's words that call for a human whatever the knowledge base says: an explicit
 * request for a person, a sensitive topic, or an upset customer. Patterns are deliberately short lists
 * of phrasings in the languages the service detects; help desks extend them with SENSITIVE_TERMS.
 */
const humanRequest = [
  /\b(talk|speak|chat)\s+(to|with)\s+(a|an|some|your)?\s*(real\s+)?(human|person|agent|someone|somebody|representative|rep|manager|supervisor|operator)\b/i,
  /\b(real|actual|live)\s+(human|person|agent)\b/i,
  /\bhuman\s+(agent|being|support)\b/i,
  /\b(call|phone)\s+me\b/i,
  /\bmit\s+einem\s+(menschen|mitarbeiter|berater)\b/i,
  /\bhablar\s+con\s+(una\s+persona|un\s+agente|alguien|un\s+humano)\b/i,
  /\bparler\s+(à|a|avec)\s+(un\s+humain|une\s+personne|un\s+conseiller|quelqu'un)\b/i,
];

export const builtInSensitiveTopics: Record<string, RegExp[]> = {
  refund: [/\brefunds?\b/i, /\bmoney\s+back\b/i, /\bchargebacks?\b/i, /\bdispute\s+(the|a|this)\s+(charge|payment|transaction)\b/i, /\b(rückerstattung|erstattung|reembolso|remboursement)\b/i],
  legal: [/\b(lawyer|attorney|solicitor|lawsuit|sue\b|suing|legal\s+action|court|small\s+claims)\b/i, /\b(gdpr|data\s+protection)\s+(complaint|request|authority)\b/i, /\b(anwalt|abogado|avocat)\b/i],
  account_security: [
    /\b(hacked|compromised|account\s+takeover|unauthori[sz]ed\s+(access|login|transaction|payment)s?)\b/i,
    /\bsomeone\s+(else\s+)?(logged|logging|got|broke)\s+into\b/i,
    /\b(fraud|fraudulent|stolen)\b/i,
  ],
  cancellation: [/\b(cancel|close|terminate|delete)\s+(my|our|the)\s+(account|subscription|plan|contract)\b/i, /\b(kündigen|kündigung|cancelar\s+mi|résilier)\b/i],
};

export interface SignalOptions {
  sensitiveTopics: string[];
  extraSensitiveTerms: string[];
  /** AFINN comparative score at or below which a message counts as upset (per word; -0.5 ≈ clearly angry). */
  negativeThreshold: number;
}

export interface Signals {
  humanRequested: boolean;
  sensitiveTopic?: string;
  sentiment: { score: number; comparative: number; negative: boolean; shouting: boolean };
}

const analyzer = new Sentiment();

export function createSignalDetector(options: SignalOptions) {
  const topics = options.sensitiveTopics.map((name) => [name, builtInSensitiveTopics[name] ?? []] as const);
  const extra = options.extraSensitiveTerms.map((term) => new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i"));

  return function detect(text: string): Signals {
    const humanRequested = humanRequest.some((pattern) => pattern.test(text));
    const topic = topics.find(([, patterns]) => patterns.some((pattern) => pattern.test(text)))?.[0] ?? (extra.some((p) => p.test(text)) ? "custom" : undefined);
    const { score, comparative } = analyzer.analyze(text);
    const letters = text.replace(/[^A-Za-z]/g, "");
    const upper = letters.replace(/[^A-Z]/g, "").length;
    // Shouting: mostly capitals over a real sentence, or a run of exclamation marks.
    const shouting = (letters.length >= 20 && upper / letters.length > 0.6) || /!{3,}/.test(text);
    const negative = comparative <= options.negativeThreshold || (shouting && score < 0) || score <= -6;
    return { humanRequested, ...(topic ? { sensitiveTopic: topic } : {}), sentiment: { score, comparative, negative, shouting } };
  };
}

export type SignalDetector = ReturnType<typeof createSignalDetector>;
