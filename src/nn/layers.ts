// Layer modules: what parameters each layer owns, how they start, and its forward pass in
// terms of engine ops (whose backward rules the tape records). Shapes were already
// checked by shapes.ts, so these assume valid input.
import type { DynamicU32 } from '../engine/backend';
import { hashU32, type Rng } from '../engine/random';
import type { Tensor } from '../engine/tensor';
import { dense } from '../engine/ops/matmul';
import { reshape } from '../engine/ops/shape';
import { conv2d, depthwiseConv2d, maxPool2d, avgPool2d } from '../engine/ops/conv';
import { activation, softmax } from '../engine/ops/pointwise';
import { batchNorm, dropout, layerNorm } from '../engine/ops/norm';
import type { Activation as EngineActivation } from '../engine/kernels/pointwise';
import type { LayerSpec, WindowSize } from '../spec';
import type { LayerShape } from './shapes';
import { initValues, type Fans } from './init';

/** A tensor the model owns: trainable parameter or running statistic. */
export interface ParamSpec {
  /** "layer2.weight" */
  name: string;
  shape: number[];
  /** Initial values (seeded). */
  initial(rng: Rng): Float32Array;
}

export interface ForwardContext {
  training: boolean;
  /** Experiment seed; dropout masks are drawn from (seed, layer, stream). */
  seed: number;
  /** Changes every step (a uniform in the compiled step). */
  stream: DynamicU32;
}

export interface Layer {
  readonly index: number;
  readonly spec: LayerSpec;
  /** "layer 3 (dense)": how messages name it (counting from 1). */
  readonly label: string;
  readonly params: ParamSpec[];
  /** Non-trainable state (batch norm running statistics). */
  readonly state: ParamSpec[];
  forward(x: Tensor, params: Tensor[], state: Tensor[], ctx: ForwardContext): Tensor;
}

const pair = (w: WindowSize | undefined, fallback: number): [number, number] =>
  w === undefined ? [fallback, fallback] : typeof w === 'number' ? [w, w] : [w[0], w[1]];

const BN_MOMENTUM = 0.1;
const NORM_EPS = 1e-5;

/** Builds the module for layer `index` given its inferred shapes. */
export function buildLayer(spec: LayerSpec, index: number, shape: LayerShape): Layer {
  const label = `layer ${index + 1} (${spec.type})`;
  const act = spec.activation ?? 'linear';
  const alpha = spec.alpha;
  const inShape = shape.inputShape ?? [];
  const name = (p: string) => `layer${index + 1}.${p}`;
  const param = (p: string, dims: number[], fans: Fans, bias = false): ParamSpec => ({
    name: name(p),
    shape: dims,
    initial: (rng) =>
      initValues(
        bias ? (spec.init ? 'zeros' : 'torchDefault') : (spec.init ?? 'torchDefault'),
        dims.reduce((a, b) => a * b, 1),
        fans,
        rng,
      ),
  });
  const constant = (p: string, dims: number[], value: number): ParamSpec => ({
    name: name(p),
    shape: dims,
    initial: () => new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value),
  });
  // Activation after a layer whose op cannot fuse one (softmax never fuses).
  const after = (y: Tensor, fused: boolean) => {
    if (act === 'softmax') return softmax(y);
    return fused || act === 'linear' ? y : activation(y, act, alpha);
  };
  const fusable: EngineActivation | undefined = act === 'softmax' ? undefined : act;
  const base = { index, spec, label, state: [] as ParamSpec[] };

  switch (spec.type) {
    case 'dense': {
      const fanIn = inShape[inShape.length - 1];
      const fans = { fanIn, fanOut: spec.units };
      return {
        ...base,
        params: [param('weight', [fanIn, spec.units], fans), param('bias', [spec.units], fans, true)],
        forward: (x, [w, b]) => after(dense(x, w, b, fusable, alpha), true),
      };
    }
    case 'conv2d': {
      const [kh, kw] = pair(spec.kernelSize, 1);
      const cin = inShape[2];
      const fans = { fanIn: kh * kw * cin, fanOut: kh * kw * spec.filters };
      const opts = { strides: pair(spec.strides, 1), padding: spec.padding, dilation: pair(spec.dilation, 1) };
      return {
        ...base,
        params: [param('filter', [kh, kw, cin, spec.filters], fans), param('bias', [spec.filters], fans, true)],
        forward: (x, [w, b]) => after(conv2d(x, w, { ...opts, bias: b, activation: fusable, alpha }), true),
      };
    }
    case 'depthwiseConv2d': {
      const [kh, kw] = pair(spec.kernelSize, 1);
      const c = inShape[2];
      const m = spec.depthMultiplier;
      const fans = { fanIn: kh * kw, fanOut: kh * kw * m };
      const opts = { strides: pair(spec.strides, 1), padding: spec.padding, dilation: pair(spec.dilation, 1) };
      return {
        ...base,
        params: [param('filter', [kh, kw, c, m], fans), param('bias', [c * m], fans, true)],
        forward: (x, [w, b]) => after(depthwiseConv2d(x, w, { ...opts, bias: b, activation: fusable, alpha }), true),
      };
    }
    case 'separableConv2d': {
      // Depthwise (no bias, as Keras) then a pointwise 1x1 convolution with bias.
      const [kh, kw] = pair(spec.kernelSize, 1);
      const c = inShape[2];
      const dwFans = { fanIn: kh * kw, fanOut: kh * kw };
      const pwFans = { fanIn: c, fanOut: spec.filters };
      const opts = { strides: pair(spec.strides, 1), padding: spec.padding, dilation: pair(spec.dilation, 1) };
      return {
        ...base,
        params: [
          param('depthwiseFilter', [kh, kw, c, 1], dwFans),
          param('pointwiseFilter', [1, 1, c, spec.filters], pwFans),
          param('bias', [spec.filters], pwFans, true),
        ],
        forward: (x, [dw, pw, b]) => {
          const h = depthwiseConv2d(x, dw, opts);
          return after(conv2d(h, pw, { bias: b, activation: fusable, alpha }), true);
        },
      };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const poolSize = pair(spec.poolSize, 2);
      const strides = spec.strides === undefined ? poolSize : pair(spec.strides, 1);
      const opts = { poolSize, strides, padding: spec.padding };
      const pool = spec.type === 'maxPool2d' ? maxPool2d : avgPool2d;
      return { ...base, params: [], forward: (x) => after(pool(x, opts), false) };
    }
    case 'flatten':
    case 'reshape': {
      const out = shape.outputShape ?? [];
      return { ...base, params: [], forward: (x) => after(reshape(x, [x.shape[0], ...out]), false) };
    }
    case 'dropout': {
      const seedOf = (seed: number) => hashU32(seed, 0xd80, index);
      return {
        ...base,
        params: [],
        forward: (x, _p, _s, ctx) => after(dropout(x, spec.rate, seedOf(ctx.seed), ctx.stream, ctx.training), false),
      };
    }
    case 'batchNorm': {
      const c = inShape[inShape.length - 1];
      return {
        ...base,
        params: [constant('gamma', [c], 1), constant('beta', [c], 0)],
        state: [constant('runningMean', [c], 0), constant('runningVar', [c], 1)],
        forward: (x, [g, b], [mean, variance], ctx) =>
          after(batchNorm(x, g, b, { mean, variance }, { training: ctx.training, momentum: BN_MOMENTUM, eps: NORM_EPS }), false),
      };
    }
    case 'layerNorm': {
      const c = inShape[inShape.length - 1];
      return {
        ...base,
        params: [constant('gamma', [c], 1), constant('beta', [c], 0)],
        forward: (x, [g, b]) => after(layerNorm(x, g, b, NORM_EPS), false),
      };
    }
    case 'activation':
      return { ...base, params: [], forward: (x) => after(x, false) };
  }
}
