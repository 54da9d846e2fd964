// Called without alpha, every CPU path that applies leakyRelu or elu gives PyTorch's value
// at x = -1 (the pointwise table's defaults), forward and gradient, in f32 and f64.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpu/backend';
import { ALPHA_PATHS, runAlphaPath, TORCH_AT_MINUS_ONE, type AlphaActivation } from '../testing/alpha-defaults';

describe('default alpha on the CPU backend (x = -1, alpha left out)', () => {
  for (const precision of ['f32', 'f64'] as const) {
    const b = createCpuBackend(precision);
    for (const path of ALPHA_PATHS) {
      for (const act of Object.keys(TORCH_AT_MINUS_ONE) as AlphaActivation[]) {
        it(`${path.name}: ${act} (${precision})`, async () => {
          const want = TORCH_AT_MINUS_ONE[act];
          const got = await runAlphaPath(path, b, act);
          expect(got.y).toBeCloseTo(want.y, 7);
          if (got.dx !== undefined) expect(got.dx).toBeCloseTo(want.dx, 7);
        });
      }
    }
  }
});
