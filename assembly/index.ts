// The wasm backend's kernels (src/engine/wasm): one module, built by scripts/build-wasm.ts.
export { gemm, gemmScratchFloats, heapBase } from './gemm';
export { im2col, col2im } from './im2col';
export { optimizerStep } from './optim';
export { maxPool, maxPoolGrad, avgPool } from './pool';
export { reluForward, reluGrad } from './activation';
