// Central finite differences in float64 on the CPU backend: the independent oracle for
// every differentiable op. The op under test runs on a 'f64' CPU backend; its analytic
// gradient (from the tape) is compared with (L(x+h) - L(x-h)) / 2h where
// L = Σ output · upstream for a fixed random upstream.
import { createCpuBackend, type CpuBackend } from '../cpu/backend';
import { backward } from '../tape';
import { Rng } from '../random';
import { sizeOf, type Shape } from '../shape';
import { tidy, type Tensor } from '../tensor';

export interface GradInput {
  shape: Shape;
  /** Values; random in [-1, 1) when omitted. */
  data?: ArrayLike<number>;
  dtype?: 'f32' | 'u32';
  /** Check this input's gradient (default true for f32). */
  check?: boolean;
}

export interface GradcheckResult {
  /** Worst |analytic - numeric| / max(1, |numeric|) over all checked elements. */
  maxError: number;
  worst: { input: number; index: number; analytic: number; numeric: number } | null;
}

export const f64 = (): CpuBackend => createCpuBackend('f64');

export function gradcheck(
  fn: (backend: CpuBackend, inputs: Tensor[]) => Tensor,
  specs: GradInput[],
  options: { seed?: number; eps?: number } = {},
): GradcheckResult {
  const b = f64();
  const rng = new Rng(options.seed ?? 7);
  const eps = options.eps ?? 1e-6;
  const values = specs.map((s) => Float64Array.from(s.data ?? Array.from({ length: sizeOf(s.shape) }, () => rng.range(-1, 1))));
  const make = () =>
    specs.map((s, i) => {
      const t = b.upload(values[i], s.shape, s.dtype ?? 'f32');
      if ((s.dtype ?? 'f32') === 'f32' && s.check !== false) t.requiresGrad = true;
      return t;
    });
  let upstream: Float64Array | null = null;
  const loss = (): number =>
    tidy(() => {
      const out = b.readSync(fn(b, make()));
      upstream ??= Float64Array.from(out, () => rng.range(-1, 1));
      let s = 0;
      for (let i = 0; i < out.length; i++) s += out[i] * upstream[i];
      return s;
    });
  loss();
  const analytic = tidy(() => {
    const inputs = make();
    const out = fn(b, inputs);
    const grads = backward(out, b.upload(upstream!, out.shape));
    return inputs.map((t) => (grads.get(t) ? b.readSync(grads.get(t)!) : null));
  });
  let maxError = 0;
  let worst: GradcheckResult['worst'] = null;
  specs.forEach((s, k) => {
    if ((s.dtype ?? 'f32') !== 'f32' || s.check === false) return;
    const v = values[k];
    for (let i = 0; i < v.length; i++) {
      const orig = v[i];
      v[i] = orig + eps;
      const up = loss();
      v[i] = orig - eps;
      const down = loss();
      v[i] = orig;
      const numeric = (up - down) / (2 * eps);
      const a = analytic[k]?.[i] ?? 0;
      const err = Math.abs(a - numeric) / Math.max(1, Math.abs(numeric));
      if (err > maxError) {
        maxError = err;
        worst = { input: k, index: i, analytic: a, numeric };
      }
    }
  });
  return { maxError, worst };
}
