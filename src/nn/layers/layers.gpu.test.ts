// The newer layer types on WebGPU against the CPU reference through their modules, forward
// and every gradient, on odd shapes; globalAvgPool2d against PyTorch; and the PyTorch
// training runs through the compiled (recorded and replayed) GPU training step.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/cpu/backend';
import { gpuBackend } from '../../engine/webgpu/test-backend';
import type { Tensor } from '../../engine/tensor';
import { backward } from '../../engine/tape';
import { closeness, layerGoldens, opCasesFor } from '../../testdata/goldens';
import { goldenExperiment, train } from '../../train/test-helpers';
import type { LayerSpecInput } from '../../spec';
import { buildModel } from '../model';
import { parseLayer, runModel } from '../testing';

const cpu = createCpuBackend('f32');

async function expectClose(g: Tensor | null, c: Tensor | null, what: string): Promise<void> {
  expect(g?.shape, what).toEqual(c?.shape);
  expect(closeness(await g!.read(), cpu.readSync(c!), 1e-4, 1e-4), what).toBeLessThanOrEqual(1);
}

describe('newer layers on WebGPU vs CPU (forward, input and parameter gradients)', () => {
  const cases: [number[], LayerSpecInput[]][] = [
    [[1, 1, 1], [{ type: 'globalAvgPool2d' }]],
    [[3, 17, 5], [{ type: 'globalAvgPool2d', activation: 'relu' }]],
    [[65, 3, 2], [{ type: 'globalAvgPool2d' }]],
    [[5, 7, 6], [{ type: 'groupNorm', groups: 3 }]],
    [[17, 3, 4], [{ type: 'groupNorm', groups: 1, activation: 'relu' }]],
    [[3, 3, 17], [{ type: 'groupNorm', groups: 17 }]],
    [[65], [{ type: 'groupNorm', groups: 5 }]],
    [[9, 9, 3], [{ type: 'conv2d', filters: 6, kernelSize: 3 }, { type: 'groupNorm', groups: 2, activation: 'gelu' }, { type: 'globalAvgPool2d' }, { type: 'dense', units: 3 }]],
  ];
  for (const [input, layers] of cases) {
    for (const batch of [1, 3]) {
      it(`${layers.map((l) => l.type).join(' > ')} on [${input}], batch ${batch}`, async () => {
        const g = runModel(await gpuBackend(), input, layers, { batch });
        const c = runModel(cpu, input, layers, { batch });
        await expectClose(g.y, c.y, 'y');
        await expectClose(g.inputGrad, c.inputGrad, 'dx');
        for (let i = 0; i < c.paramGrads.length; i++) await expectClose(g.paramGrads[i], c.paramGrads[i], `d ${c.model.params[i].name}`);
      });
    }
  }
});

describe('globalAvgPool2d on WebGPU vs PyTorch', () => {
  for (const c of opCasesFor('globalAvgPool2d')) {
    it(c.name, async () => {
      const b = await gpuBackend();
      const x = b.upload(c.inputs.x.data, c.inputs.x.shape);
      x.requiresGrad = true;
      const layer = buildModel(c.inputs.x.shape.slice(1), [parseLayer({ type: 'globalAvgPool2d' })]).layers[0];
      const y = layer.forward(x, [], [], { training: true, seed: 1, stream: 0 });
      expect(closeness(await y.read(), c.outputs.y.data, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
      const dx = backward(y, b.upload(c.upstream.y.data, y.shape)).get(x)!;
      expect(closeness(await dx.read(), c.grads.x.data, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    });
  }
});

describe('training with groupNorm and globalAvgPool2d on WebGPU matches PyTorch', () => {
  for (const run of layerGoldens.train) {
    it(run.name, async () => {
      const { experiment, split } = goldenExperiment(run, run.lossPerStep.length);
      const log = await train(await gpuBackend(), experiment, split, { progressEvery: 1, setup: (t) => t.setWeights(run.params0.map((p) => p.data)) });
      log.progress.forEach((p, i) => expect(p.trainLoss, `step ${i}`).toBeCloseTo(run.lossPerStep[i], 4));
      const weights = await log.trainer.exportWeights();
      run.finalParams.forEach((p, i) => expect(closeness(weights[i].data, p.data, 1e-3, 1e-4), p.name).toBeLessThanOrEqual(1));
      log.trainer.dispose();
    });
  }
});
