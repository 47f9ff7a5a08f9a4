import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";

export interface ChunkOptions {
  chunkSize: number;
  chunkOverlap: number;
}

/**
 * Splits an article body into passages. The title is carried into every chunk so a passage about
 * "step 3" still says which task it belongs to, for the embedder and for BM25 alike.
 */
export async function chunkArticle(title: string, body: string, options: ChunkOptions): Promise<string[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize,
    chunkOverlap: Math.min(options.chunkOverlap, Math.floor(options.chunkSize / 2)),
    separators: ["\n\n", "\n", ". ", " ", ""],
  });
  const pieces = await splitter.splitText(body);
  return (pieces.length > 0 ? pieces : [""]).map((piece) => `${title}\n\n${piece}`.trim());
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Short passages (list items, sentences) for matching questions. A customer's question is one
 * sentence; compared with an 800-character chunk its meaning is diluted, compared with the one
 * sentence or list item that answers it, it is not. Chunks stay the unit an answer is drafted from.
 */
export function articlePassages(body: string, minChars = 15, maxChars = 300): string[] {
  const passages: string[] = [];
  for (const line of body.split("\n")) {
    const text = line.replace(/^\s*([-*•]|\d+[.)])\s+/, "").trim();
    if (text.length < minChars) continue;
    if (text.length <= maxChars) {
      passages.push(text);
      continue;
    }
    for (const { segment } of segmenter.segment(text)) {
      const sentence = segment.trim();
      if (sentence.length >= minChars) passages.push(sentence.slice(0, maxChars));
    }
  }
  return [...new Set(passages)];
}
