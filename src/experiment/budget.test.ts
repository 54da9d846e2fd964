// The memory budget refuses the experiments that exhausted memory before (two dense layers
// of 65,536 units, 199 layers of 4,096, a conv of 65,536 filters, a batch of 65,536) and
// lets every preset through.
import { describe, expect, it } from 'vitest';
import { inferShapes } from '../nn/shapes';
import { parseExperiment, type Experiment, type ExperimentInput } from '../spec';
import { presets } from './presets';
import { builtInDataSize, checkBudget, DEFAULT_MAX_MEMORY_MB, estimateMemory } from './budget';

const BUDGET = DEFAULT_MAX_MEMORY_MB * 2 ** 20;
const RAISE = 'raise --max-memory';

function experiment(change: (e: ExperimentInput) => void): Experiment {
  const input: ExperimentInput = {
    version: 1, data: { dataset: 'spiral' }, model: { layers: [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 2 }] },
    loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.01 }, training: { batchSize: 32, epochs: 1 },
  };
  change(input);
  const r = parseExperiment(input);
  if (!r.experiment) throw new Error(JSON.stringify(r.errors));
  return r.experiment;
}

function budgetIssue(e: Experiment, input = [2]) {
  return checkBudget(inferShapes(input, e.model.layers), e, builtInDataSize(e.data.dataset), BUDGET, RAISE);
}

describe('the memory budget', () => {
  it('counts parameters with gradients, snapshot and optimizer slots, activations and data', () => {
    const e = experiment(() => {});
    const summary = inferShapes([2], e.model.layers);
    const m = estimateMemory(summary, e, { samples: 1000, valuesPerSample: 3 });
    // 82 parameters x 4 bytes x (weights, gradients, snapshot, Adam's two slots).
    expect(m.parameters).toBe(82 * 4 * 5);
    // Evaluation (1,024 rows, forward only) outweighs training at batch 32 (output + gradient).
    expect(m.activations).toBe(Math.max(32 * 18 * 4 * 2, 1024 * 18 * 4));
    expect(m.data).toBe(1000 * 3 * 4);
    expect(m.total).toBe(m.parameters + m.activations + m.data);
    // SGD keeps no state: two fewer copies.
    expect(estimateMemory(summary, experiment((x) => { x.optimizer = { type: 'sgd', lr: 0.1 }; }), null).parameters).toBe(82 * 4 * 3);
  });

  it('refuses two dense layers of 65,536 units, naming the layer, the estimate and the budget', () => {
    const issue = budgetIssue(experiment((x) => { x.model.layers = [{ type: 'dense', units: 65536 }, { type: 'dense', units: 65536 }, { type: 'dense', units: 2 }]; }));
    expect(issue?.path).toBe('model.layers[1]');
    expect(issue?.message).toBe(
      'This run needs about 80.5 GiB (parameters with gradients and optimizer state 80.0 GiB, activations while evaluating in batches of 1024 512.0 MiB, data 11.7 KiB); the largest part is Layer 2 (dense) (80.3 GiB), over the memory budget of 2.0 GiB; make the layers smaller, or raise --max-memory.',
    );
  });

  it('refuses 199 dense layers of 4,096 units and a conv of 65,536 filters', () => {
    const deep = experiment((x) => { x.model.layers = [...Array.from({ length: 199 }, () => ({ type: 'dense' as const, units: 4096 })), { type: 'dense', units: 2 }]; });
    expect(budgetIssue(deep)?.message).toMatch(/over the memory budget of 2\.0 GiB/);
    const conv = experiment((x) => {
      x.data = { dataset: 'mnist' };
      x.model.layers = [{ type: 'conv2d', filters: 65536, kernelSize: 3 }, { type: 'flatten' }, { type: 'dense', units: 10 }];
    });
    // 26 x 26 x 65,536 outputs per image: evaluating 1,024 images at once is what does not fit.
    const issue = budgetIssue(conv, [28, 28, 1]);
    expect(issue?.path).toBe('model.layers[0]');
    expect(issue?.message).toMatch(/activations while evaluating in batches of 1024 [\d.]+ GiB/);
  });

  it('refuses a batch of 65,536 on a wide layer, pointing at the batch size', () => {
    const issue = budgetIssue(experiment((x) => { x.model.layers = [{ type: 'dense', units: 4096 }, { type: 'dense', units: 2 }]; x.training.batchSize = 65536; }));
    expect(issue?.path).toBe('training.batchSize');
    expect(issue?.message).toContain('activations at batch 65536 2.0 GiB');
    expect(issue?.message).toContain('lower training.batchSize');
  });

  it('lets every preset through', () => {
    for (const p of presets) {
      const shape = p.experiment.data.dataset === 'mnist' || p.experiment.data.dataset === 'fashion-mnist' ? [28, 28, 1] : [2];
      expect(budgetIssue(p.experiment, shape), p.name).toBeNull();
    }
  });
});
