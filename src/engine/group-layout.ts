// How group norm sees its input, shared by both backends: x is [N, ...spatial, C] (channels
// last), viewed as [N, S, C] with S the product of the spatial sizes (1 for [N, C] vectors).
// Group g of sample n holds channels g·Cg .. (g+1)·Cg - 1 at every spatial position, so its
// elements are not contiguous: element (s, j) sits at n·S·C + s·C + g·Cg + j.
import type { Shape } from './shape';

export interface GroupLayout {
  /** Samples (the first axis). */
  samples: number;
  /** Spatial positions per sample (the axes between the first and the last). */
  spatial: number;
  channels: number;
  groups: number;
  /** Channels per group. */
  perGroup: number;
  /** Elements each statistic is taken over: spatial · perGroup. */
  groupSize: number;
}

export function groupLayout(shape: Shape, groups: number): GroupLayout {
  if (shape.length < 2) throw new Error(`groupNorm expects [N, ..., C]; it got [${shape.join(', ')}].`);
  const samples = shape[0];
  const channels = shape[shape.length - 1];
  if (!(Number.isInteger(groups) && groups >= 1 && channels % groups === 0)) {
    throw new Error(`groupNorm: ${groups} groups do not divide ${channels} channels.`);
  }
  const spatial = shape.slice(1, -1).reduce((a, b) => a * b, 1);
  const perGroup = channels / groups;
  return { samples, spatial, channels, groups, perGroup, groupSize: spatial * perGroup };
}
