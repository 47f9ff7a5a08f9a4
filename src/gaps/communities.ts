import { UndirectedGraph } from "graphology";
import louvainModule from "graphology-communities-louvain";
import type { Edge } from "./knn-graph.js";
import { seededRandom } from "../shared/random.js";

export interface CommunityOptions {
  /** Communities smaller than this are noise, not topics. */
  minSize: number;
  /** Louvain resolution; 1 is plain modularity. */
  resolution?: number;
  seed?: number;
}

// The package is CommonJS (module.exports = louvain) with ES-style typings; under NodeNext the
// default import is the function at run time but typed as the module record.
const louvain = louvainModule as unknown as typeof louvainModule.default;

/**
 * Louvain communities of the similarity graph (graphology's implementation). Nodes without an edge
 * never enter the graph: they are one-offs, and so are members of communities below minSize.
 * Returns member lists, largest first; every node not listed is noise.
 */
export function detectCommunities(nodeCount: number, edges: readonly Edge[], options: CommunityOptions): number[][] {
  const graph = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  for (const { a, b, weight } of edges) {
    graph.mergeNode(a);
    graph.mergeNode(b);
    graph.mergeEdge(a, b, { weight });
  }
  if (graph.order === 0) return [];
  const assignment = louvain(graph, { getEdgeWeight: "weight", resolution: options.resolution ?? 1, rng: seededRandom(options.seed ?? 42) });
  const byCommunity = new Map<number, number[]>();
  for (const [node, community] of Object.entries(assignment)) {
    const index = Number(node);
    if (index < 0 || index >= nodeCount) continue;
    const members = byCommunity.get(community) ?? [];
    members.push(index);
    byCommunity.set(community, members);
  }
  return [...byCommunity.values()]
    .filter((members) => members.length >= options.minSize)
    .map((members) => members.sort((x, y) => x - y))
    .sort((x, y) => y.length - x.length || x[0]! - y[0]!);
}

