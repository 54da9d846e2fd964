// Every kernel's call site against its WGSL parameter struct, without a GPU: the WebGPU
// backend runs on a device that computes nothing (fake-gpu.ts), so each rt.params call
// packs for real against the struct parsed from the pipeline's source. A wrong, missing or
// ill-typed field anywhere throws here. The last test checks that every shader file with a
// ...Params struct was packed at least once, so a new kernel cannot go unchecked.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebGpuBackend } from './backend';
import { fakeGpuContext, type FakePipeline } from './fake-gpu';
import { convPaths } from './conv-direct';
import { grid1d } from './grid';
import { gpuMatmul } from './matmul';
import { OPTIMIZER_RULES, OPTIMIZER_STATE_SLOTS } from '../kernels/optim';
import type { Conv2dOptions, Pool2dOptions } from '../kernels/conv';
import type { Tensor } from '../tensor';
import { naiveGemm } from '../../../bench/gemm-naive';
import { LAB_LAYOUTS, labGemm } from './gemm-lab';
import randomWgsl from '../../../shaders/random.wgsl?raw';
import probeWgsl from '../../../shaders/dropout-hash-probe.wgsl?raw';

const b = createWebGpuBackend(fakeGpuContext());
const packed = new Set<string>();
const pack = b.rt.params.bind(b.rt);
b.rt.params = (pipeline, values) => {
  packed.add((pipeline as FakePipeline).code);
  return pack(pipeline, values);
};
afterAll(() => b.dispose());

const t = (...shape: number[]): Tensor => b.zeros(shape);
const u = (...shape: number[]): Tensor => b.zeros(shape, 'u32');

describe('kernel parameters pack against their WGSL structs (no GPU)', () => {
  it('fill, elementwise and broadcasting', () => {
    b.fill([5], 1.5);
    b.fill([3], 7, 'u32');
    const x = t(3, 5);
    const y = b.unary('leakyRelu', x, 0.2);
    b.unaryGrad('leakyRelu', x, y, x, 0.2);
    b.binary('add', x, x); // same shape
    b.binary('mul', x, t(5)); // row broadcast
    b.binary('sub', t(3, 1), t(1, 5)); // general broadcast
    b.compare('gt', x, t(1));
    b.broadcastTo(t(5), [4, 5]);
    b.binaryScalar('pow', x, 2);
    b.clamp(x, -1, 1);
    b.where(u(3, 1), x, t(5));
    b.addInPlace(x, y, 0.5);
  });

  it('reductions, softmax and the fused losses', () => {
    b.reduce('sum', t(3, 17), [1]); // serial rows
    b.reduce('max', t(3, 100), [1]); // tree rows
    b.reduce('mean', t(2, 5000), [1]); // two chunks, then a second pass
    b.reduce('sum', t(7, 3), [0]); // columns
    b.reduce('sum', t(2048, 40), [0]); // columns in two chunks
    b.sumToShape(t(4, 3, 5), [3, 1]);
    b.argmax(t(3, 7));
    b.softmaxGrad(b.softmax(t(3, 7)), t(3, 7));
    b.softmax(t(2, 100)); // workgroup per row
    b.softmaxCrossEntropy(t(3, 10), u(3));
    b.softmaxCrossEntropy(t(3, 100), u(3));
    b.binaryCrossEntropy(t(5, 1), t(5, 1));
    b.meanSquaredError(t(5, 2), t(5, 2));
    b.huber(t(5, 2), t(5, 2), 1.5);
    b.countCorrect(t(3, 4), u(3));
    b.countCorrect(t(3, 4), t(3));
  });

  it('GEMM: plain, fused epilogue, split-K and its reduce, epilogue gradient', () => {
    const a = t(5, 64);
    const w = t(64, 3);
    b.matmul(a, w);
    b.matmul(a, w, { bias: t(3), activation: 'elu', alpha: 1 });
    b.matmulWithPreActivation(a, w, { bias: t(3), activation: 'relu' });
    b.matmul(t(64, 5), w, { transA: true });
    gpuMatmul(b).gemm({ a, b: w, options: { bias: t(3), activation: 'relu' }, forced: { splits: 2 } }, t(5, 3));
    const { y, z } = b.matmulWithPreActivation(a, w, { activation: 'tanh' });
    b.matmulEpilogueGrad(y, z, y, { activation: 'tanh', biasGrad: true });
    b.matmulEpilogueGrad(y, null, null, { biasGrad: true });
  });

  const conv: Conv2dOptions = { strides: [1, 1], padding: 'same', dilation: [1, 1] };
  for (const path of ['gemm', 'direct'] as const) {
    it(`conv2d through the ${path} kernels (forward, input and filter gradients)`, () => {
      Object.assign(convPaths, { forward: path, gradInput: path, gradFilter: path });
      try {
        const x = t(2, 20, 20, 3);
        const f = t(3, 3, 3, 4);
        const y = b.conv2d(x, f, { ...conv, bias: t(4), activation: 'leakyRelu' });
        b.conv2d(x, f, { ...conv, strides: [2, 1], dilation: [1, 2], padding: 'valid' });
        b.conv2dGradInput(y, f, x.shape, conv);
        b.conv2dGradFilter(x, y, f.shape, conv); // 800 pixels: split, then summed
        b.conv2dGradBias(y); // 800 rows: two summing passes
      } finally {
        Object.assign(convPaths, { forward: 'auto', gradInput: 'auto', gradFilter: 'auto' });
      }
    });
  }

  it('depthwise conv and pooling', () => {
    const x = t(2, 16, 16, 3);
    const f = t(3, 3, 3, 2);
    const y = b.depthwiseConv2d(x, f, { ...conv, bias: t(6), activation: 'relu' });
    b.depthwiseConv2dGradInput(y, f, x.shape, conv);
    b.depthwiseConv2dGradFilter(x, y, f.shape, conv); // 512 pixels: split
    const pool: Pool2dOptions = { poolSize: [2, 2], strides: [2, 2], padding: 'valid' };
    const { y: py, argmax } = b.maxPool2d(x, pool);
    b.maxPool2dGrad(py, argmax, x.shape, pool);
    b.avgPool2dGrad(b.avgPool2d(x, { ...pool, padding: 'same' }), x.shape, { ...pool, padding: 'same' });
  });

  it('norms, dropout, gather and transpose', () => {
    const x = t(2048, 4);
    const running = { mean: t(4), variance: t(4) };
    for (const training of [true, false]) {
      const f = b.batchNorm(x, t(4), t(4), running, { training, momentum: 0.1, eps: 1e-5 });
      b.batchNormGrad(x, x, t(4), f, training); // 2048 rows: two chunks
    }
    const small = t(3, 5);
    b.batchNormGrad(small, small, t(5), b.batchNorm(small, t(5), t(5), { mean: t(5), variance: t(5) }, { training: true, momentum: 0.1, eps: 1e-5 }));
    const ln = b.layerNorm(small, t(5), t(5), 1e-5);
    b.layerNormGrad(small, small, t(5), ln);
    const image = t(2, 3, 3, 6);
    b.groupNormGrad(image, image, t(6), 3, b.groupNorm(image, t(6), t(6), 3, 1e-5));
    const block = b.createUniforms(4);
    const { mask } = b.dropout(small, 0.3, 99, { block, index: 1 });
    b.dropout(small, 0.3, 99, 5);
    b.dropoutGrad(small, mask);
    b.gatherRows(t(10, 8), u(6), { block, index: 0 }, 4); // vec4 rows
    b.gatherRows(u(10, 3), u(6), 2, 4); // scalar rows
    b.transpose(t(17, 3));
  });

  it('optimizers, Σg² and the clipping factor; the step guard; augmentation', () => {
    const params = t(300);
    const hyper = b.createUniforms(12);
    for (const rule of OPTIMIZER_RULES) {
      const state = Array.from({ length: OPTIMIZER_STATE_SLOTS[rule] }, () => t(300));
      b.optimizerStep(rule, params, params, state, hyper, rule === 'sgd' ? t(1) : undefined);
    }
    b.sumSquares(t(100)); // one level
    b.clipFactor(b.sumSquares(t(5000)), 1); // two levels
    b.augmentImages(t(3, 6, 5, 2), { shift: 2, flip: true, noise: 0.1 }, 7, 3);
    b.guardStep(t(1), t(1), t(2), { block: hyper, index: 8 }, { scale: t(1), restore: { live: t(7), backup: t(7) }, record: t(100) });
    b.guardStep(t(1), t(1), t(2), 4);
  });

  it('the RNG probe (norm.gpu.test.ts), the naive benchmark GEMM (bench/gemm-naive.ts) and the GEMM lab', () => {
    const pipe = b.rt.pipeline({ code: `${randomWgsl}\n${probeWgsl}`, label: 'hash-probe' });
    b.rt.dispatch(pipe, [b.storageOf(u(9)), b.storageOf(u(9)), b.rt.params(pipe, { count: 9, seed: 1, stream: 2 })], grid1d(9, 256), 'test');
    naiveGemm(b, t(3, 4), t(4, 5), t(3, 5), 3, 5, 4)();
    for (const layout of LAB_LAYOUTS) labGemm(b, 'tiled', { M: 3, N: 5, K: 4, layout }, t(4, 4), t(5, 5), t(3, 5))();
    b.flush();
  });

  it('packed every shader that declares a parameter struct', () => {
    const shaders = new URL('../../../shaders/', import.meta.url);
    const files = readdirSync(shaders).filter((f) => f.endsWith('.wgsl'));
    const kernels = files.filter((f) => /var<uniform>\s*\w+\s*:\s*\w*Params\s*;/.test(readFileSync(new URL(f, shaders), 'utf8')));
    // A kernel's file is inside a packed source when all its lines are, except those the
    // wrappers rewrite (//! splice markers, the dyn array size, gather's word type).
    const rewritten = /^(\/\/!|const DYN_VEC4S|alias Word)/;
    const sources = [...packed].map((code) => new Set(code.split('\n').map((l) => l.trim())));
    const unpacked = kernels.filter((f) => {
      const lines = readFileSync(new URL(f, shaders), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !rewritten.test(l));
      return !sources.some((s) => lines.every((l) => s.has(l)));
    });
    expect(kernels.length).toBeGreaterThanOrEqual(51);
    expect(unpacked).toEqual([]);
  });
});
