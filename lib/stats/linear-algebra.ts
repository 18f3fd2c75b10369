/** A dense square matrix stored as rows. */
export type Matrix = number[][];

/** Cholesky factor L (lower triangular, A = L Lᵀ) of a symmetric matrix, or null if it is not positive definite. */
export function choleskyDecompose(matrix: readonly (readonly number[])[]): Matrix | null {
  const size = matrix.length;
  const lower: Matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const scale = Math.max(...matrix.map((row, index) => Math.abs(row[index]!)), 0);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row]![column]!;
      for (let k = 0; k < column; k++) sum -= lower[row]![k]! * lower[column]![k]!;
      if (row === column) {
        // A pivot that is tiny relative to the diagonal means the matrix is singular to working precision.
        if (!(sum > scale * 1e-12)) return null;
        lower[row]![row] = Math.sqrt(sum);
      } else {
        lower[row]![column] = sum / lower[column]![column]!;
      }
    }
  }
  return lower;
}

/** Solves A x = b given the Cholesky factor L of A. */
export function choleskySolve(lower: Matrix, right: readonly number[]): number[] {
  const size = lower.length;
  const forward = new Array<number>(size).fill(0);
  for (let row = 0; row < size; row++) {
    let sum = right[row]!;
    for (let k = 0; k < row; k++) sum -= lower[row]![k]! * forward[k]!;
    forward[row] = sum / lower[row]![row]!;
  }
  const solution = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row--) {
    let sum = forward[row]!;
    for (let k = row + 1; k < size; k++) sum -= lower[k]![row]! * solution[k]!;
    solution[row] = sum / lower[row]![row]!;
  }
  return solution;
}

/** Inverse of a symmetric positive-definite matrix from its Cholesky factor. */
export function choleskyInverse(lower: Matrix): Matrix {
  const size = lower.length;
  const columns = Array.from({ length: size }, (_, index) =>
    choleskySolve(
      lower,
      Array.from({ length: size }, (__, row) => (row === index ? 1 : 0)),
    ),
  );
  return columns.map((_, row) => columns.map((column) => column[row]!));
}

/** Quadratic form vᵀ A⁻¹ v for symmetric positive-definite A, or null when A is singular. */
export function inverseQuadraticForm(matrix: readonly (readonly number[])[], vector: readonly number[]): number | null {
  const lower = choleskyDecompose(matrix);
  if (!lower) return null;
  const solution = choleskySolve(lower, vector);
  return solution.reduce((sum, value, index) => sum + value * vector[index]!, 0);
}
