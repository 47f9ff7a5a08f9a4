/**
 * Row-major matrix of unit vectors. One Float32Array instead of 100,000 small ones keeps memory
 * bounded and predictable (n × d × 4 bytes) and lets the loops below run without allocation.
 */
export interface VectorMatrix {
  readonly rows: number;
  readonly dimensions: number;
  readonly data: Float32Array;
}

export function matrixFrom(vectors: ArrayLike<number>[], dimensions: number): VectorMatrix {
  const data = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, i) => data.set(vector, i * dimensions));
  return { rows: vectors.length, dimensions, data };
}

export function row(matrix: VectorMatrix, i: number): Float32Array {
  return matrix.data.subarray(i * matrix.dimensions, (i + 1) * matrix.dimensions);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** Mean direction of the given rows, scaled back to unit length (cosine to it is then a dot product). */
export function centroid(matrix: VectorMatrix, members: readonly number[]): Float32Array {
  const out = new Float32Array(matrix.dimensions);
  for (const i of members) {
    const offset = i * matrix.dimensions;
    for (let d = 0; d < matrix.dimensions; d++) out[d]! += matrix.data[offset + d]!;
  }
  return normalize(out);
}

export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
  return vector;
}
