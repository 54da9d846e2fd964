// Pointwise ops on the f32 CPU backend vs PyTorch goldens: values and gradients.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpu/backend';
import type { Activation } from '../kernels/pointwise';
import { backward } from '../tape';
import type { Tensor } from '../tensor';
import { closeness, opCasesFor, type GoldenOp, type GoldenTensor, type OpCase } from '../../testdata/goldens';
import * as ops from './pointwise';

const b = createCpuBackend('f32');
const upload = (t: GoldenTensor): Tensor => b.upload(t.data, t.shape, t.dtype ?? 'f32');

/** Runs the op on the case's inputs and checks the first output and every listed gradient. */
function checkCase(c: OpCase, run: (inputs: Record<string, Tensor>) => Tensor): void {
  const inputs = Object.fromEntries(
    Object.entries(c.inputs).map(([k, v]) => {
      const t = upload(v);
      if (c.grads[k]) t.requiresGrad = true;
      return [k, t];
    }),
  );
  const y = run(inputs);
  const [outName, expected] = Object.entries(c.outputs)[0];
  expect(closeness(b.readSync(y), expected.data), `${c.name}: ${outName}`).toBeLessThanOrEqual(1);
  const grads = backward(y, b.upload(c.upstream[outName].data, y.shape));
  for (const [k, g] of Object.entries(c.grads)) {
    const got = grads.get(inputs[k]);
    expect(got, `${c.name}: d${k}`).toBeDefined();
    expect(closeness(b.readSync(got!), g.data), `${c.name}: d${k}`).toBeLessThanOrEqual(1);
  }
}

const RUN: Partial<Record<GoldenOp, (i: Record<string, Tensor>, c: OpCase) => Tensor>> = {
  activation: ({ x }, c) => ops.activation(x, c.attrs.activation as Activation, c.attrs.alpha),
  softmax: ({ x }) => ops.softmax(x),
  logSoftmax: ({ x }) => ops.logSoftmax(x),
  softmaxCrossEntropy: ({ logits, labels }) => ops.softmaxCrossEntropy(logits, labels),
  binaryCrossEntropy: ({ logits, targets }) => ops.binaryCrossEntropy(logits, targets),
  mse: ({ pred, target }) => ops.meanSquaredError(pred, target),
  huber: ({ pred, target }, c) => ops.huber(pred, target, c.attrs.delta),
  sum: ({ x }, c) => ops.sum(x, c.attrs.axis, c.attrs.keepDims),
  mean: ({ x }, c) => ops.mean(x, c.attrs.axis, c.attrs.keepDims),
  max: ({ x }, c) => ops.max(x, c.attrs.axis, c.attrs.keepDims),
};

describe('pointwise ops vs PyTorch goldens (f32 CPU)', () => {
  for (const [op, run] of Object.entries(RUN)) {
    const cases = opCasesFor(op as GoldenOp);
    it(`has golden cases for ${op}`, () => expect(cases.length).toBeGreaterThan(0));
    for (const c of cases) it(c.name, () => checkCase(c, (i) => run(i, c)));
  }
});
