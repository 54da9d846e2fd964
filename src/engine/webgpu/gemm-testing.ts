// Helpers for the GEMM GPU tests: the same computation on the CPU reference and on the GPU
// from identical random inputs, compared with an f32-sum tolerance.
import { expect } from 'vitest';
import { createCpuBackend } from '../cpu/backend';
import { Rng } from '../random';
import { closeness } from '../../testdata/goldens';
import type { Backend } from '../backend';
import type { Tensor } from '../tensor';

const cpu = createCpuBackend('f32');

export async function compareWithCpu(gpu: Backend, shapes: number[][], run: (b: Backend, t: Tensor[]) => Tensor | Tensor[], seed = 1) {
  const rng = new Rng(seed);
  const values = shapes.map((s) => Array.from({ length: s.reduce((x, y) => x * y, 1) }, () => rng.range(-1, 1)));
  const want = [run(cpu, values.map((v, i) => cpu.upload(v, shapes[i])))].flat();
  const inputs = values.map((v, i) => gpu.upload(v, shapes[i]));
  const got = [run(gpu, inputs)].flat();
  for (let i = 0; i < want.length; i++) {
    expect(got[i].shape).toEqual(want[i].shape);
    // f32 sums of up to ~1000 terms in a different order: 1e-4 relative.
    expect(closeness(await gpu.read(got[i]), cpu.readSync(want[i]), 1e-4, 1e-4), `output ${i}`).toBeLessThanOrEqual(1);
  }
  for (const t of [...inputs, ...got]) t.dispose();
}

export { gemmShapes, LAYOUTS } from '../testing/gemm-shapes';
