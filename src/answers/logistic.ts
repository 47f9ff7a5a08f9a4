/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS). Written here because what the
 * service needs is small and specific: calibrated probabilities from a handful of evidence features,
 * with sample weights and a stable fit on a few hundred rows. The npm option (ml-logistic-regression)
 * fits by fixed-step gradient descent and returns class labels, not probabilities.
 */
export interface LogisticModel {
  weights: number[];
  bias: number;
}

export function predict(model: LogisticModel, x: number[]): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) z += (model.weights[j] ?? 0) * (x[j] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

export function fitLogistic(rows: number[][], labels: number[], l2 = 1e-2, iterations = 25): LogisticModel {
  const n = rows[0]?.length ?? 0;
  // Parameters: n weights then the bias (the bias is not regularised).
  let theta = new Array<number>(n + 1).fill(0);
  for (let iter = 0; iter < iterations; iter++) {
    const gradient = new Array<number>(n + 1).fill(0);
    const hessian = Array.from({ length: n + 1 }, () => new Array<number>(n + 1).fill(0));
    rows.forEach((row, i) => {
      const x = [...row, 1];
      const p = predict({ weights: theta.slice(0, n), bias: theta[n]! }, row);
      const error = p - labels[i]!;
      const curvature = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a <= n; a++) {
        gradient[a]! += error * x[a]!;
        for (let b = 0; b <= n; b++) hessian[a]![b]! += curvature * x[a]! * x[b]!;
      }
    });
    for (let a = 0; a < n; a++) {
      gradient[a]! += l2 * rows.length * theta[a]!;
      hessian[a]![a]! += l2 * rows.length;
    }
    const step = solve(hessian, gradient);
    theta = theta.map((value, j) => value - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { weights: theta.slice(0, n), bias: theta[n]! };
}

/** Gaussian elimination with partial pivoting; the systems here are at most ~10 x 10. */
function solve(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let row = col + 1; row < size; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const lead = a[col]![col]!;
    if (Math.abs(lead) < 1e-12) continue;
    for (let row = 0; row < size; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / lead;
      for (let k = col; k <= size; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  return a.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[size]! / row[i]!));
}
