// Frozen layers on WebGPU (the compiled step): the same guarantees as on the CPU, and the
// same weights as the CPU within float32 rounding.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { beforeAfter, bits, byName, FROZEN, frozenMiddle, TRAINED } from './freeze-cases';


describe('trainable: false (WebGPU)', () => {
  it('keeps frozen layers bit for bit, trains the others, allocates no state for them, and agrees with the CPU', async () => {
    const gpu = await beforeAfter(await gpuBackend(), frozenMiddle('webgpu'));
    for (const name of FROZEN) expect(bits(byName(gpu.after, name)), name).toEqual(bits(byName(gpu.before, name)));
    for (const name of TRAINED) expect(bits(byName(gpu.after, name)), name).not.toEqual(bits(byName(gpu.before, name)));
    gpu.saved.paramNames.forEach((name, i) => {
      for (const slot of gpu.saved.optimizer) expect(slot[i].length, name).toBe(FROZEN.includes(name) ? 0 : gpu.saved.params[i].length);
    });
    const cpu = await beforeAfter(createCpuBackend('f32'), frozenMiddle('cpu'));
    cpu.after.forEach((t, i) => {
      expect(gpu.after[i].name).toBe(t.name);
      t.data.forEach((v, k) => expect(gpu.after[i].data[k], `${t.name}[${k}]`).toBeCloseTo(v, 4));
    });
  });
});
