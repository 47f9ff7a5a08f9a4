/** Seeded generators, so every run of a bench sees exactly the same synthetic data. */
export { seededRandom as mulberry32 } from "../../src/shared/random.js";

/** Standard normal samples (Box-Muller) from a uniform generator. */
export function gaussian(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = Math.max(uniform(), Number.MIN_VALUE);
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}
