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
