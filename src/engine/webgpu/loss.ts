// WebGPU row-wise kernels over the last axis (softmax and its gradient) and the fused
// losses. Each loss is one pass writing the gradient and per-row (or per-workgroup) partial
// losses, then a deterministic tree reduction of the partials to the mean [1].
import type { LossResult, PointwiseKernels } from '../kernels/pointwise';
import { sameShape } from '../shape';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { gridFor } from './elementwise';
import { rowWorkgroup, SERIAL_MAX_LEN, type gpuReduce } from './reduce';
import workgroupReduceWgsl from '../../../shaders/workgroup-reduce.wgsl?raw';
import softmaxWgsl from '../../../shaders/softmax.wgsl?raw';
import softmaxGradWgsl from '../../../shaders/softmax-grad.wgsl?raw';
import softmaxXentWgsl from '../../../shaders/softmax-xent.wgsl?raw';
import lossesWgsl from '../../../shaders/losses.wgsl?raw';
import countCorrectWgsl from '../../../shaders/count-correct.wgsl?raw';

type ReduceRows = ReturnType<typeof gpuReduce>['reduceRows'];

const LOSS_CODE = { binaryCrossEntropy: 0, meanSquaredError: 1, huber: 2 } as const;
const WG = 256;

/** [rows, width] over the last axis. */
function rowsOf(x: Tensor): [number, number] {
  const width = x.rank === 0 ? 1 : x.shape[x.rank - 1];
  return [width === 0 ? 0 : x.size / width, width];
}

export function gpuLoss(core: GpuCore, reduceRows: ReduceRows) {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);

  /** One workgroup per row (entry main), or one thread per row for short rows (entry serial). */
  function rowKernel(code: string, label: string, len: number, rows: number) {
    const serial = len <= SERIAL_MAX_LEN;
    const WG = serial ? 64 : rowWorkgroup(len);
    const pipeline = rt.pipeline({ code, entry: serial ? 'serial' : 'main', constants: { WG }, label });
    return { pipeline, groups: gridFor(core, rows, serial ? WG : 1) };
  }

  function elementwiseLoss(kind: keyof typeof LOSS_CODE, pred: Tensor, target: Tensor, delta: number): LossResult {
    if (!sameShape(pred.shape, target.shape)) {
      throw new Error(`${kind}: prediction [${pred.shape.join(', ')}] and target [${target.shape.join(', ')}] must have the same shape.`);
    }
    const n = pred.size;
    const grad = core.empty(pred.shape);
    const [gx, gy] = gridFor(core, n, WG);
    // One partial per launched workgroup (grid1d may launch a few extra: they write 0).
    const partials = core.empty([gx * gy]);
    const pipeline = rt.pipeline({ code: lossesWgsl, constants: { LOSS: LOSS_CODE[kind], WG }, label: kind });
    rt.dispatch(pipeline, [s(pred), s(target), s(grad), s(partials), rt.params(pipeline, { count: n, invCount: 1 / n, delta })], [gx, gy], 'loss');
    const loss = reduceRows('sum', partials, 1, gx * gy, 1 / n, [1]);
    partials.dispose();
    return { loss, grad };
  }

  const kernels: Pick<
    PointwiseKernels,
    'softmax' | 'softmaxGrad' | 'softmaxCrossEntropy' | 'binaryCrossEntropy' | 'meanSquaredError' | 'huber' | 'countCorrect'
  > = {
    softmax(x: Tensor): Tensor {
      const [rows, len] = rowsOf(x);
      const y = core.empty(x.shape);
      const { pipeline, groups } = rowKernel(workgroupReduceWgsl + softmaxWgsl, 'softmax', len, rows);
      rt.dispatch(pipeline, [s(x), s(y), rt.params(pipeline, { rows, len })], groups, 'softmax');
      return y;
    },

    softmaxGrad(y: Tensor, dy: Tensor): Tensor {
      const [rows, len] = rowsOf(y);
      const dx = core.empty(y.shape);
      const { pipeline, groups } = rowKernel(softmaxGradWgsl, 'softmaxGrad', len, rows);
      rt.dispatch(pipeline, [s(y), s(dy), s(dx), rt.params(pipeline, { rows, len })], groups, 'softmax');
      return dx;
    },

    softmaxCrossEntropy(logits: Tensor, labels: Tensor): LossResult {
      const [rows, classes] = rowsOf(logits);
      if (labels.size !== rows) throw new Error(`softmaxCrossEntropy: ${rows} rows of logits but ${labels.size} labels.`);
      const grad = core.empty(logits.shape);
      const rowLoss = core.empty([rows]);
      const { pipeline, groups } = rowKernel(workgroupReduceWgsl + softmaxXentWgsl, 'softmaxCrossEntropy', classes, rows);
      const params = rt.params(pipeline, { rows, classes, invRows: 1 / Math.max(1, rows) });
      rt.dispatch(pipeline, [s(logits), s(labels), s(grad), s(rowLoss), params], groups, 'loss');
      const loss = reduceRows('sum', rowLoss, 1, rows, 1 / Math.max(1, rows), [1]);
      rowLoss.dispose();
      return { loss, grad };
    },

    binaryCrossEntropy: (logits, targets) => elementwiseLoss('binaryCrossEntropy', logits, targets, 0),
    meanSquaredError: (pred, target) => elementwiseLoss('meanSquaredError', pred, target, 0),
    huber: (pred, target, delta) => elementwiseLoss('huber', pred, target, delta),

    countCorrect(logits: Tensor, labels: Tensor): Tensor {
      const [rows, classes] = rowsOf(logits);
      if (labels.size !== rows) throw new Error(`countCorrect: ${rows} rows of logits but ${labels.size} labels.`);
      const flags = core.empty([rows]);
      const pipeline = rt.pipeline({
        code: countCorrectWgsl,
        constants: { LABEL_F32: labels.dtype === 'f32' ? 1 : 0, WG },
        label: 'countCorrect',
      });
      rt.dispatch(pipeline, [s(logits), s(labels), s(flags), rt.params(pipeline, { rows, classes })], gridFor(core, rows, WG), 'loss');
      const count = reduceRows('sum', flags, 1, rows, 1, [1]);
      flags.dispose();
      return count;
    },
  };
  return kernels;
}
