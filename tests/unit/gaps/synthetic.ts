import { seededRandom } from "../../../src/shared/random.js";
import { normalize, matrixFrom, type VectorMatrix } from "../../../src/gaps/vectors.js";

/** Unit vectors scattered around planted centroids, plus uniform noise: ground truth for clustering. */
export function plantedData(options: { dimensions: number; topics: number[]; noise: number; spread: number; seed?: number }): { matrix: VectorMatrix; truth: number[]; centroids: Float32Array[] } {
  const random = seededRandom(options.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const randomUnit = () => normalize(Float32Array.from({ length: options.dimensions }, gauss));
  const centroids = options.topics.map(randomUnit);
  const vectors: Float32Array[] = [];
  const truth: number[] = [];
  options.topics.forEach((size, t) => {
    for (let i = 0; i < size; i++) {
      vectors.push(normalize(Float32Array.from(centroids[t]!, (x) => x + gauss() * options.spread)));
      truth.push(t);
    }
  });
  for (let i = 0; i < options.noise; i++) {
    vectors.push(randomUnit());
    truth.push(-1);
  }
  return { matrix: matrixFrom(vectors, options.dimensions), truth, centroids };
}
