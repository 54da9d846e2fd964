// WebGPU kernels: max and average pooling over NHWC, one thread per output (forward) or
// per input (backward, gathering from the windows that cover it: deterministic, no atomics).
import type { ConvKernels, Pool2dOptions } from '../kernels/conv';
import { windowGeometry } from '../conv-geometry';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { grid1d } from './grid';
import paramsWgsl from '../../../shaders/pool-params.wgsl?raw';
import maxWgsl from '../../../shaders/pool-max.wgsl?raw';
import maxGradWgsl from '../../../shaders/pool-max-grad.wgsl?raw';
import avgWgsl from '../../../shaders/pool-avg.wgsl?raw';
import avgGradWgsl from '../../../shaders/pool-avg-grad.wgsl?raw';

type PoolKernels = Pick<ConvKernels, 'maxPool2d' | 'maxPool2dGrad' | 'avgPool2d' | 'avgPool2dGrad'>;

export function gpuPool(core: GpuCore): PoolKernels {
  const rt = core.rt;
  /** Runs one pool kernel over `total` threads with the given tensors bound in order. */
  const run = (code: string, label: string, xShape: Shape, o: Pool2dOptions, total: number, tensors: Tensor[]) => {
    const g = windowGeometry(xShape, o.poolSize, o.strides, [1, 1], o.padding);
    const pipeline = rt.pipeline({ code: paramsWgsl + code, label });
    const { h, w } = g;
    const params = rt.params(pipeline, {
      total, batch: g.batch, H: h.in, W: w.in, C: g.channels, Ho: h.out, Wo: w.out,
      kh: h.kernel, kw: w.kernel, sh: h.stride, sw: w.stride, padTop: h.padBefore, padLeft: w.padBefore,
    });
    rt.dispatch(pipeline, [...tensors.map((t) => core.storageOf(t)), params], grid1d(total, 256), label);
  };
  const outShape = (xShape: Shape, o: Pool2dOptions) => {
    const g = windowGeometry(xShape, o.poolSize, o.strides, [1, 1], o.padding);
    return [g.batch, g.h.out, g.w.out, g.channels];
  };

  return {
    maxPool2d(x, o) {
      const shape = outShape(x.shape, o);
      const y = core.empty(shape);
      const argmax = core.empty(shape, 'u32');
      run(maxWgsl, 'max-pool', x.shape, o, y.size, [x, y, argmax]);
      return { y, argmax };
    },
    maxPool2dGrad(dy, argmax, xShape, o) {
      const dx = core.empty(xShape);
      run(maxGradWgsl, 'max-pool-grad', xShape, o, dx.size, [dy, argmax, dx]);
      return dx;
    },
    avgPool2d(x, o) {
      const y = core.empty(outShape(x.shape, o));
      run(avgWgsl, 'avg-pool', x.shape, o, y.size, [x, y]);
      return y;
    },
    avgPool2dGrad(dy, xShape, o) {
      const dx = core.empty(xShape);
      run(avgGradWgsl, 'avg-pool-grad', xShape, o, dx.size, [dy, dx]);
      return dx;
    },
  };
}
