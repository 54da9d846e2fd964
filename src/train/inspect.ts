// Looking inside a model without training it: each layer's output for chosen test samples
// (activation histograms, convolution feature maps), the model's output for new inputs (a
// drawn digit), and the parameters with their last gradients (weight and gradient
// histograms, convolution filters). Everything runs eagerly in evaluation mode (dropout off,
// batch norm on its running statistics) between training steps, never inside one.
import type { Backend } from '../engine/backend';
import { noGrad } from '../engine/tape';
import { tidy, type Tensor } from '../engine/tensor';
import { gatherRows } from '../engine/ops/norm';
import { forward, type Model } from '../nn/model';
import type { DeviceData } from './device-data';
import type { TrainingState } from './training-state';

/** One parameter with its values and the gradient of the last step taken. */
export interface ParamSnapshot {
  name: string;
  /** 0-based layer index. */
  layer: number;
  shape: number[];
  values: Float32Array;
  grads: Float32Array;
}

export class Inspector {
  constructor(
    private readonly backend: Backend,
    private readonly model: Model,
    private readonly data: DeviceData,
    private readonly state: TrainingState,
    private readonly seed: number,
  ) {}

  get testSize(): number {
    return this.data.test.n;
  }

  /** Every parameter's values and last gradients (two readbacks). */
  async params(): Promise<ParamSnapshot[]> {
    const b = this.backend;
    const { layout } = this.state;
    const [values, grads] = await Promise.all([b.read(this.state.paramFlat), b.read(this.state.gradFlat)]);
    return this.model.params.map((p, i) => {
      const off = layout.offsets[i];
      const size = layout.sizes[i];
      return {
        name: p.name, layer: this.model.paramLayer[i], shape: p.shape,
        values: Float32Array.from(values.subarray(off, off + size)),
        grads: Float32Array.from(grads.subarray(off, off + size)),
      };
    });
  }

  /** Each layer's output (model order) for the test samples at `indices`, in evaluation mode; one readback. */
  async layerOutputs(indices: readonly number[]): Promise<Float32Array[]> {
    const b = this.backend;
    const idx = b.upload(indices, [indices.length], 'u32');
    try {
      const x = gatherRows(this.data.test.x, idx, 0, indices.length);
      try {
        return await this.run(x);
      } finally {
        x.dispose();
      }
    } finally {
      idx.dispose();
    }
  }

  /** The model's output for `n` new samples `x` (already normalised like the data); one readback. */
  async predict(x: ArrayLike<number>, n: number): Promise<Float32Array> {
    const input = this.backend.upload(x, [n, ...this.model.inputShape]);
    try {
      const outs = await this.run(input, true);
      return outs[outs.length - 1];
    } finally {
      input.dispose();
    }
  }

  /** Runs the layers on `x`, reading back every layer's output (or only the last). */
  private async run(x: Tensor, lastOnly = false): Promise<Float32Array[]> {
    const b = this.backend;
    const { model, state } = this;
    const ctx = { training: false, seed: this.seed, stream: 0 };
    const sizes = model.summary.layers.map((l) => (l.outputShape ?? []).reduce((a, c) => a * c, 1) * x.shape[0]);
    const kept = lastOnly ? [sizes.length - 1] : sizes.map((_, i) => i);
    const { flat, views, offsets } = b.allocFlat(kept.map((i) => [sizes[i]]));
    try {
      noGrad(() => tidy(() => {
        forward(model, x, state.params, state.running, ctx, (i, h) => {
          const k = kept.indexOf(i);
          if (k >= 0) b.copy(h, views[k]);
        });
      }));
      const v = await b.read(flat);
      return kept.map((i, k) => Float32Array.from(v.subarray(offsets[k], offsets[k] + sizes[i])));
    } finally {
      flat.dispose();
    }
  }
}
