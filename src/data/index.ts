// src/data's public surface. node-io.ts is left out on purpose (it imports node:fs):
// the CLI and tests import it directly.
export * from './types';
export * from './synthetic';
export * from './idx';
export * from './gzip';
export * from './images';
export * from './csv';
export * from './normalize';
export * from './split';
export * from './augment';
export * from './batching';
export * from './io';
export * from './fetch-io';
export * from './load';
export * from './page-io';
export { SYNTHETIC_STREAM, SPLIT_STREAM, EPOCH_STREAM } from './streams';
