import { describe, expect, it } from 'vitest';
import {
  closeness,
  type GoldenSchedule,
  type GoldenTensor,
  opCase,
  opCases,
  opCasesFor,
  optimCase,
  optimCases,
  size,
  toFloat32,
  trainRuns,
} from './goldens';

function checkTensor(t: GoldenTensor, where: string): void {
  expect(Array.isArray(t.shape), where).toBe(true);
  expect(t.data.length, where).toBe(size(t.shape));
  for (const v of t.data) expect(Number.isFinite(v), where).toBe(true);
  if (t.dtype === 'u32') for (const v of t.data) expect(Number.isInteger(v) && v >= 0, where).toBe(true);
}

/** Reference gemm in float64 from the stored inputs: y = act(op(a)·op(b) + bias). */
function gemmRef(
  a: GoldenTensor,
  b: GoldenTensor,
  bias: GoldenTensor | undefined,
  transA: boolean,
  transB: boolean,
  act: string | undefined,
): number[] {
  const rank = a.shape.length;
  const batch = size(a.shape.slice(0, rank - 2));
  const [ar, ac] = a.shape.slice(rank - 2);
  const [br, bc] = b.shape.slice(rank - 2);
  const M = transA ? ac : ar;
  const K = transA ? ar : ac;
  const N = transB ? br : bc;
  const out: number[] = [];
  for (let p = 0; p < batch; p++) {
    const ao = p * ar * ac;
    const bo = p * br * bc;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const av = transA ? a.data[ao + k * ac + i] : a.data[ao + i * ac + k];
          const bv = transB ? b.data[bo + j * bc + k] : b.data[bo + k * bc + j];
          s += av * bv;
        }
        if (bias) s += bias.data[j];
        if (act === 'relu') s = Math.max(s, 0);
        out.push(s);
      }
    }
  }
  return out;
}

/** The lr-per-step definition documented in README.md. */
function scheduleLr(lr: number, s: GoldenSchedule | undefined, step: number): number {
  if (!s) return lr;
  const w = s.warmupSteps ?? 0;
  if (step < w) return (lr * (step + 1)) / w;
  const t = step - w;
  switch (s.type) {
    case 'constant':
      return lr;
    case 'step':
      return lr * s.gamma! ** Math.floor(t / s.stepSize!);
    case 'exponential':
      return lr * s.gamma! ** t;
    case 'cosine':
      return lr * 0.5 * (1 + Math.cos((Math.PI * t) / (s.totalSteps - w)));
  }
}

describe('golden files', () => {
  it('load, and every tensor has data matching its shape', () => {
    expect(opCases.length).toBeGreaterThan(40);
    expect(optimCases.length).toBeGreaterThan(10);
    expect(trainRuns.length).toBe(2);
    const names = new Set<string>();
    for (const c of opCases) {
      expect(names.has(c.name), `duplicate ${c.name}`).toBe(false);
      names.add(c.name);
      for (const group of ['inputs', 'outputs', 'upstream', 'grads'] as const) {
        for (const [k, t] of Object.entries(c[group])) checkTensor(t, `${c.name} ${group}.${k}`);
      }
      for (const [k, g] of Object.entries(c.grads)) expect(g.shape, `${c.name} grad ${k}`).toEqual(c.inputs[k].shape);
      const [first] = Object.keys(c.outputs);
      expect(c.upstream[first].shape).toEqual(c.outputs[first].shape);
    }
    for (const c of optimCases) {
      c.params0.forEach((t, i) => checkTensor(t, `${c.name} params0[${i}]`));
      expect(c.gradsPerStep.length).toBe(5);
      expect(c.paramsAfter.length).toBe(5);
      expect(c.lrPerStep.length).toBe(5);
      c.gradsPerStep.flat().forEach((t) => checkTensor(t, c.name));
      c.paramsAfter.flat().forEach((t) => checkTensor(t, c.name));
    }
    for (const r of trainRuns) {
      checkTensor(r.data.x, r.name);
      checkTensor(r.data.labels, r.name);
      expect(r.lossPerStep.length).toBe(5);
      r.params0.forEach((t) => checkTensor(t, `${r.name} ${t.name}`));
      r.finalParams.forEach((t) => checkTensor(t, `${r.name} ${t.name}`));
    }
  });

  it('gemm cases recompute in plain TypeScript', () => {
    const cases = opCasesFor('gemm').filter((c) => (c.attrs.activation ?? 'relu') === 'relu');
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const c of cases) {
      const y = gemmRef(c.inputs.a, c.inputs.b, c.inputs.bias, !!c.attrs.transA, !!c.attrs.transB, c.attrs.activation);
      expect(closeness(y, c.outputs.y.data), c.name).toBeLessThanOrEqual(1);
    }
    // inputs are float32 values written with 9 significant digits: Math.fround recovers them
    const a = opCase('gemm NN 3x5x7').inputs.a;
    expect(closeness(toFloat32(a), a.data, 1e-8, 0)).toBeLessThanOrEqual(1);
  });

  it('simple ops and losses recompute', () => {
    const relu = opCase('activation relu');
    expect(closeness(relu.inputs.x.data.map((v) => Math.max(v, 0)), relu.outputs.y.data)).toBeLessThanOrEqual(1);
    const mse = opCase('mse 5x3');
    const p = mse.inputs.pred.data;
    const t = mse.inputs.target.data;
    const loss = p.reduce((s, v, i) => s + (v - t[i]) ** 2, 0) / p.length;
    expect(closeness([loss], mse.outputs.loss.data)).toBeLessThanOrEqual(1);
    const grad = p.map((v, i) => (2 * (v - t[i])) / p.length);
    expect(closeness(grad, mse.grads.pred.data)).toBeLessThanOrEqual(1);
  });

  it('sgd and momentum cases recompute; lrPerStep follows the documented schedule', () => {
    for (const name of ['sgd', 'sgd weightDecay', 'momentum', 'sgd schedule cosine warmup2']) {
      const c = optimCase(name);
      const wd = c.optimizer.weightDecay ?? 0;
      const mu = c.optimizer.momentum ?? 0;
      let params = c.params0.map((x) => x.data.slice());
      let bufs: number[][] | null = null;
      for (let s = 0; s < 5; s++) {
        const lr = c.lrPerStep[s];
        const g = c.gradsPerStep[s].map((x, i) => x.data.map((v, j) => v + wd * params[i][j]));
        bufs = bufs && mu ? bufs.map((b, i) => b.map((v, j) => mu * v + g[i][j])) : g;
        params = params.map((x, i) => x.map((v, j) => v - lr * bufs![i][j]));
        params.forEach((x, i) => expect(closeness(x, c.paramsAfter[s][i].data), `${name} step ${s}`).toBeLessThanOrEqual(1));
      }
    }
    for (const c of optimCases) {
      const lrs = c.lrPerStep.map((_, s) => scheduleLr(c.optimizer.lr, c.schedule, s));
      expect(closeness(lrs, c.lrPerStep, 1e-8, 0), c.name).toBeLessThanOrEqual(1);
    }
    expect(optimCase('sgd schedule cosine warmup2').lrPerStep).toEqual([0.05, 0.1, 0.1, 0.075, 0.025]);
  });
});
