// TensorFlow.js (tfjs-backend-webgpu, or tfjs-backend-wasm for the `<case> wasm` rows) side of
// each case, timed the same way as ours: n
// iterations back to back, then one sync (flush tfjs's open command encoder, wait for
// queue.onSubmittedWorkDone). Training uses tfjs's fastest custom loop:
// optimizer.minimize(loss, false, vars) inside tf.tidy, with fused matMul/conv2d
// (bias + relu in the kernel where tfjs fuses them), never model.fit.
import type * as TfCore from '@tensorflow/tfjs-core';
import type { Counts, Side, TrainSide } from './types';
import { gemmOperand, type TrainCase } from './models';

type Tf = typeof TfCore;

/** The parts of tfjs-backend-webgpu's WebGPUBackend the harness touches. */
interface TfWebGpuBackend {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/** Counts tfjs's WebGPU calls (the page wraps the API); null where it cannot. */
export type CountProbe = () => Counts | null;

export interface TfjsEnv {
  tf: Tf;
  counts: CountProbe;
}

function backendOf(tf: Tf): TfWebGpuBackend {
  return tf.backend() as unknown as TfWebGpuBackend;
}

/** Submits what tfjs has recorded and waits for the GPU: the same sync as ours. */
export async function tfjsSync(tf: Tf): Promise<void> {
  // tfjs-backend-wasm (the CPU comparison) runs each op to completion before it returns.
  if (tf.getBackend() !== 'webgpu') return;
  const be = backendOf(tf);
  if (be.commandEncoder) {
    be.endComputePassEncoder();
    be.submitQueue();
  }
  await be.device.queue.onSubmittedWorkDone();
}

const per = (a: Counts | null, b: Counts | null, n: number): Counts | null =>
  a && b
    ? { dispatches: (b.dispatches - a.dispatches) / n, submits: (b.submits - a.submits) / n, readbacks: (b.readbacks - a.readbacks) / n }
    : null;

async function timed(env: TfjsEnv, n: number, body: () => void): Promise<{ ms: number; counts: Counts | null }> {
  await tfjsSync(env.tf);
  const c0 = env.counts();
  const t0 = performance.now();
  body();
  await tfjsSync(env.tf);
  const ms = performance.now() - t0;
  return { ms, counts: per(c0, env.counts(), n) };
}

/** Kernel time per program name from tf.profile-free timing: tf.time's kernelMs is a sum only. */
async function tfjsKernelMs(tf: Tf, f: () => void): Promise<Record<string, number> | null> {
  try {
    const info = (await tf.time(f)) as { kernelMs: number | { error: string } };
    return typeof info.kernelMs === 'number' ? { total: info.kernelMs } : null;
  } catch {
    return null;
  }
}

export function tfjsGemm(env: TfjsEnv, M: number, N: number, K: number, transA: boolean, transB: boolean): Side {
  const { tf } = env;
  const a = tf.tensor2d(gemmOperand(M, K, 1), transA ? [K, M] : [M, K]);
  const b = tf.tensor2d(gemmOperand(K, N, 2), transB ? [N, K] : [K, N]);
  let counts: Counts | null = null;
  return {
    async run(n) {
      let prev: TfCore.Tensor | null = null;
      const r = await timed(env, n, () => {
        for (let i = 0; i < n; i++) {
          const out = tf.matMul(a, b, transA, transB);
          prev?.dispose();
          prev = out;
        }
      });
      (prev as TfCore.Tensor | null)?.dispose();
      counts = r.counts;
      return r.ms;
    },
    lastCounts: () => counts,
    profile: () => tfjsKernelMs(tf, () => tf.matMul(a, b, transA, transB).dispose()),
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

export function tfjsTrain(env: TfjsEnv, c: TrainCase): TrainSide {
  const { tf } = env;
  const vars = c.weights.map((w) => tf.variable(tf.tensor(w.values, w.shape), true, `${c.name}/${w.name}`));
  const xs: TfCore.Tensor[] = [];
  const ys: TfCore.Tensor[] = [];
  const features = c.inputShape.reduce((a, b) => a * b, 1);
  for (let k = 0; k < c.batches; k++) {
    xs.push(tf.tensor(c.x.subarray(k * c.batch * features, (k + 1) * c.batch * features), [c.batch, ...c.inputShape]));
    ys.push(tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(c.y.subarray(k * c.batch, (k + 1) * c.batch)), 'int32'), c.classes), 'float32')));
  }
  const opt = c.optimizer === 'adam' ? tf.train.adam(c.lr, 0.9, 0.999, 1e-8) : tf.train.sgd(c.lr);
  const v = vars as unknown as TfCore.Tensor[];

  // The case's layers in tfjs's fused ops, weights taken in the model's order (kernel, bias).
  const fusedActivation = (a: string | undefined) => {
    if (a === 'relu') return 'relu' as const;
    if (a === undefined || a === 'linear' || a === 'none') return undefined;
    throw new Error(`The tfjs side of the benchmark runs relu or no activation, not ${a}.`);
  };
  const model = (x: TfCore.Tensor): TfCore.Tensor => {
    let h = x;
    let w = 0;
    for (const layer of c.layers) {
      if (layer.type === 'dense') {
        const activation = fusedActivation(layer.activation);
        h = tf.fused.matMul({ a: h as TfCore.Tensor2D, b: v[w] as TfCore.Tensor2D, bias: v[w + 1], activation });
        w += 2;
      } else if (layer.type === 'conv2d') {
        const activation = fusedActivation(layer.activation);
        h = tf.fused.conv2d({ x: h as TfCore.Tensor4D, filter: v[w] as TfCore.Tensor4D, strides: 1, pad: layer.padding === 'same' ? 'same' : 'valid', bias: v[w + 1], activation });
        w += 2;
      } else if (layer.type === 'maxPool2d') h = tf.maxPool(h as TfCore.Tensor4D, layer.poolSize, layer.poolSize, 'valid');
      else if (layer.type === 'flatten') h = tf.reshape(h, [c.batch, -1]);
      else throw new Error(`The tfjs side of the benchmark has no ${layer.type} layer.`);
    }
    return h;
  };

  let step = 0;
  const oneStep = (returnCost: boolean): TfCore.Scalar | null => {
    const k = step % c.batches;
    step++;
    return tf.tidy(() => opt.minimize(() => tf.losses.softmaxCrossEntropy(ys[k], model(xs[k])) as TfCore.Scalar, returnCost, vars) ?? undefined) as
      | TfCore.Scalar
      | null;
  };
  let counts: Counts | null = null;

  return {
    async losses(k) {
      const out: number[] = [];
      for (let i = 0; i < k; i++) {
        const cost = oneStep(true)!;
        out.push((await cost.data())[0]);
        cost.dispose();
      }
      return out;
    },
    async run(n) {
      const r = await timed(env, n, () => {
        for (let i = 0; i < n; i++) oneStep(false);
      });
      counts = r.counts;
      return r.ms;
    },
    lastCounts: () => counts,
    profile: () => tfjsKernelMs(tf, () => void oneStep(false)),
    dispose() {
      for (const t of [...vars, ...xs, ...ys]) t.dispose();
      opt.dispose();
    },
  };
}
