// Frozen layers on the CPU backend: bit for bit unchanged weights and running statistics,
// no optimizer state, and the gradient still reaching the layers before them.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { beforeAfter, bits, byName, FROZEN, frozenMiddle, TRAINED } from './freeze-cases';


describe('trainable: false (CPU)', () => {
  it('keeps a frozen layer and a frozen batch norm bit for bit, while the others train', async () => {
    const { before, after } = await beforeAfter(createCpuBackend('f32'));
    for (const name of FROZEN) expect(bits(byName(after, name)), name).toEqual(bits(byName(before, name)));
    for (const name of TRAINED) expect(bits(byName(after, name)), name).not.toEqual(bits(byName(before, name)));
  });

  it('gives frozen parameters no optimizer state', async () => {
    const { saved } = await beforeAfter(createCpuBackend('f32'));
    expect(saved.optimizer).toHaveLength(2); // Adam's two moments
    saved.paramNames.forEach((name, i) => {
      for (const slot of saved.optimizer) expect(slot[i].length, name).toBe(name.startsWith('layer2.') || name.startsWith('layer3.') ? 0 : saved.params[i].length);
    });
  });

  it('passes the gradient through a frozen layer: earlier layers get exactly the update they would unfrozen', async () => {
    // SGD has no state and no clipping here, so one step of layer 1 depends only on its gradient.
    const layers = (frozen: boolean) => [
      { type: 'dense' as const, units: 12, activation: 'relu' as const },
      { type: 'dense' as const, units: 10, activation: 'tanh' as const, ...(frozen ? { trainable: false } : {}) },
      { type: 'dense' as const, units: 2 },
    ];
    const sgd = { type: 'sgd' as const, lr: 0.1 };
    const noClip = (e: ReturnType<typeof frozenMiddle>) => ({ ...e, training: { ...e.training, clipGradNorm: undefined } });
    const cpu = createCpuBackend('f32');
    const frozen = await beforeAfter(cpu, noClip(frozenMiddle('cpu', sgd, layers(true))), 1);
    const free = await beforeAfter(cpu, noClip(frozenMiddle('cpu', sgd, layers(false))), 1);
    for (const name of ['layer1.weight', 'layer1.bias', 'layer3.weight', 'layer3.bias']) {
      expect(bits(byName(frozen.after, name)), name).toEqual(bits(byName(free.after, name)));
    }
    expect(bits(byName(frozen.after, 'layer2.weight'))).toEqual(bits(byName(frozen.before, 'layer2.weight')));
    expect(bits(byName(free.after, 'layer2.weight'))).not.toEqual(bits(byName(free.before, 'layer2.weight')));
  });

  it('trains nothing and breaks nothing when every layer is frozen', async () => {
    const layers = [{ type: 'dense' as const, units: 2, trainable: false }];
    const { before, after, saved } = await beforeAfter(createCpuBackend('f32'), frozenMiddle('cpu', undefined, layers), 3);
    after.forEach((t, i) => expect(bits(t)).toEqual(bits(before[i])));
    expect(saved.optimizer.every((slot) => slot.every((v) => v.length === 0))).toBe(true);
  });
});
