/** Projection of embeddings onto the first k principal components: z' = mu + U_k U_k^T (z - mu). */
import type { PcaBasis } from '../../models/contract.ts';

/** Projects each row of `rows` ([B*D] values, D = basis.mean.length) onto the first k components. */
export function pcaProject(
  rows: Float32Array,
  basis: Pick<PcaBasis, 'mean' | 'components'>,
  k: number,
): Float32Array {
  const d = basis.mean.length;
  if (rows.length % d !== 0)
    throw new Error(`embedding rows of ${rows.length} values do not fit dimension ${d}`);
  if (k > basis.components.length)
    throw new Error(`the basis has ${basis.components.length} components, not ${k}`);
  const out = new Float32Array(rows.length);
  const centred = new Float64Array(d);
  for (let r = 0; r < rows.length / d; r++) {
    for (let i = 0; i < d; i++) centred[i] = rows[r * d + i]! - basis.mean[i]!;
    const projected = Float64Array.from(basis.mean);
    for (let c = 0; c < k; c++) {
      const u = basis.components[c]!;
      if (u.length !== d) throw new Error(`component ${c} has ${u.length} values, expected ${d}`);
      let coef = 0;
      for (let i = 0; i < d; i++) coef += u[i]! * centred[i]!;
      for (let i = 0; i < d; i++) projected[i] = projected[i]! + coef * u[i]!;
    }
    out.set(projected, r * d);
  }
  return out;
}
