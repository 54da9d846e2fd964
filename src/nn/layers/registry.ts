// The layer registry: one line per layer type. This is the only place layer types are listed
// with their behaviour; a type missing here is a compile error (the mapped type), and
// registry.test.ts checks that each has every part. How to add one: docs/architecture.md.
import type { LayerType } from '../../spec';
import { activation } from './activation';
import { avgPool2d } from './avgPool2d';
import { batchNorm } from './batchNorm';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { depthwiseConv2d } from './depthwiseConv2d';
import { dropout } from './dropout';
import { flatten } from './flatten';
import { globalAvgPool2d } from './globalAvgPool2d';
import { groupNorm } from './groupNorm';
import { layerNorm } from './layerNorm';
import { maxPool2d } from './maxPool2d';
import { reshape } from './reshape';
import { separableConv2d } from './separableConv2d';
import type { LayerDef } from './types';

export const LAYERS: { readonly [T in LayerType]: LayerDef<T> } = {
  dense,
  conv2d,
  depthwiseConv2d,
  separableConv2d,
  maxPool2d,
  avgPool2d,
  flatten,
  reshape,
  dropout,
  batchNorm,
  layerNorm,
  activation,
  globalAvgPool2d,
  groupNorm,
};

/**
 * The definition of a layer type, typed for any layer: callers hold layers as a union of
 * types, and TypeScript cannot correlate `LAYERS[layer.type]` with `layer` by itself.
 */
export function layerDef(type: LayerType): LayerDef {
  return LAYERS[type] as LayerDef;
}
