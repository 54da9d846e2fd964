// The one place that maps the engine's kernels to the families the page shows in "GPU
// time per kernel". A compiled step's kernelTimes() names each dispatch by its pipeline
// label ("gemm NN relu [4x2x1]", "optim-adam [3x1x1]"); the label's first word says what
// the kernel does. Finer than the runtime's dispatch families, which file the batch gather
// under 'norm' and gradient clipping's sum of squares under the reductions.

export const KERNEL_GROUPS = ['GEMM', 'convolution', 'elementwise', 'reductions', 'loss', 'optimizer', 'data', 'other'] as const;
export type KernelGroup = (typeof KERNEL_GROUPS)[number];

const BY_FIRST_WORD: Record<string, KernelGroup> = {
  gemm: 'GEMM',
  conv: 'convolution',
  conv2d: 'convolution',
  depthwise: 'convolution',
  binary: 'elementwise',
  unary: 'elementwise',
  unaryGrad: 'elementwise',
  scalar: 'elementwise',
  where: 'elementwise',
  addInPlace: 'elementwise',
  dropout: 'elementwise',
  fill: 'elementwise',
  transpose: 'elementwise',
  reduce: 'reductions',
  argmax: 'reductions',
  batchnorm: 'reductions',
  layernorm: 'reductions',
  groupnorm: 'reductions',
  softmax: 'reductions',
  softmaxGrad: 'reductions',
  softmaxCrossEntropy: 'loss',
  countCorrect: 'loss',
  binaryCrossEntropy: 'loss',
  meanSquaredError: 'loss',
  huber: 'loss',
  // Gradient clipping (global norm) is part of the optimizer's update.
  sumsq: 'optimizer',
  optim: 'optimizer',
  gather: 'data',
  augment: 'data',
};

/** The family of a dispatch named as kernelTimes() names it; 'other' for a kernel not listed. */
export function kernelGroup(label: string): KernelGroup {
  const first = label.split(/[\s\-[]/, 1)[0];
  return BY_FIRST_WORD[first] ?? 'other';
}

export interface GroupTime {
  group: KernelGroup;
  ms: number;
  /** Of the step's summed GPU time (0..1). */
  share: number;
  dispatches: number;
}

export interface DispatchTime {
  kernel: string;
  ms: number;
  share: number;
}

/** Per-family totals (families with no dispatch left out) and the slowest dispatches. */
export function groupKernelTimes(times: Record<string, number>, top = 5): { groups: GroupTime[]; slowest: DispatchTime[]; totalMs: number } {
  const entries = Object.entries(times);
  const totalMs = entries.reduce((s, [, ms]) => s + ms, 0);
  const share = (ms: number) => (totalMs > 0 ? ms / totalMs : 0);
  const groups = KERNEL_GROUPS.map((group) => {
    const mine = entries.filter(([label]) => kernelGroup(label) === group);
    const ms = mine.reduce((s, [, t]) => s + t, 0);
    return { group, ms, share: share(ms), dispatches: mine.length };
  }).filter((g) => g.dispatches > 0);
  const slowest = [...entries].sort((a, b) => b[1] - a[1]).slice(0, top).map(([kernel, ms]) => ({ kernel, ms, share: share(ms) }));
  return { groups, slowest, totalMs };
}
