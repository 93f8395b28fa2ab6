/**
 * L2-regularised logistic regression fitted by Newton's method, on standardised features: small
 * enough to read, exact enough for a dozen features and a thousand examples.
 */
export interface LogisticModel {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export function fitLogistic(rows: readonly number[][], labels: readonly number[], lambda: number): LogisticModel {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  const mean = Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / Math.max(n, 1));
  const scale = Array.from({ length: k }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / Math.max(n, 1)) || 1);
  const x = rows.map((r) => [1, ...r.map((v, j) => (v - mean[j]) / scale[j])]);
  const beta = new Array<number>(k + 1).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Array<number>(k + 1).fill(0);
    const hessian = Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const p = sigmoid(dot(beta, x[i]));
      const w = p * (1 - p);
      for (let a = 0; a <= k; a++) {
        gradient[a] += (p - labels[i]) * x[i][a];
        for (let b = 0; b <= k; b++) hessian[a][b] += w * x[i][a] * x[i][b];
      }
    }
    // The bias is not penalised.
    for (let a = 1; a <= k; a++) {
      gradient[a] += lambda * beta[a];
      hessian[a][a] += lambda;
    }
    const step = solve(hessian, gradient);
    let change = 0;
    for (let a = 0; a <= k; a++) {
      beta[a] -= step[a];
      change = Math.max(change, Math.abs(step[a]));
    }
    if (change < 1e-9) break;
  }
  return { mean, scale, weights: beta.slice(1), bias: beta[0] };
}

export function predictLogistic(model: LogisticModel, row: readonly number[]): number {
  let z = model.bias;
  row.forEach((v, j) => {
    z += (model.weights[j] * (v - model.mean[j])) / model.scale[j];
  });
  return sigmoid(z);
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col] || 1e-12;
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / p;
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let c = r + 1; c < n; c++) s -= a[r][c] * x[c];
    x[r] = s / (a[r][r] || 1e-12);
  }
  return x;
}
