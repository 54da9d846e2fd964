// Tensor-level operations with autograd: each op runs its backend kernel and records its
// backward rule right beside it (see src/engine/tape.ts).
export * from './matmul';
export * from './pointwise';
export * from './conv';
export * from './norm';
export * from './optim';
export * from './augment';
export * from './shape';
