// The decision boundary's attack arrows: their summary line, their lines in plot pixels and
// whether a run can have them. Pure: the view and the unit tests share them. The worker
// sends both ends already in raw plane units (the attack works on normalised features; it
// maps them back with the split's statistics), so here they only go through toPixels.
import { DEFAULT_FEATURES } from '../../../spec';
import type { AttackArrows } from '../../../worker/attack-protocol';
import type { PlaneInfo } from '../../../worker/protocol';
import { toPixels } from './plot';

/** Flipped arrows stand out (red); held ones recede (grey). */
export const ARROW_COLOURS = { flipped: '#d0021b', held: '#3d3d3d' } as const;

export interface ArrowLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  flipped: boolean;
}

/** Points whose predicted class differs after the attack. */
export function flipCount(a: AttackArrows): number {
  let k = 0;
  for (let i = 0; i < a.clean.length; i++) if (a.attacked[i] !== a.clean[i]) k++;
  return k;
}

/** "FGSM at ε = 0.1 moves 300 test points; 41 change their predicted class." */
export function arrowSummary(a: AttackArrows): string {
  const n = a.clean.length;
  const k = flipCount(a);
  const points = n < a.testSize ? `the first ${n} of ${a.testSize} test points` : `${n} test point${n === 1 ? '' : 's'}`;
  return `${a.method.toUpperCase()} at ε = ${a.epsilon} moves ${points}; ${k} ${k === 1 ? 'changes its' : 'change their'} predicted class.`;
}

/** Each arrow from a test point to its adversarial point, on a plot `pixels` wide and high. */
export function arrowLines(a: AttackArrows, extent: number, pixels: number): ArrowLine[] {
  return Array.from(a.clean, (c, i) => {
    const [x1, y1] = toPixels(a.from[2 * i], a.from[2 * i + 1], extent, pixels);
    const [x2, y2] = toPixels(a.to[2 * i], a.to[2 * i + 1], extent, pixels);
    return { x1, y1, x2, y2, flipped: a.attacked[i] !== c };
  });
}

/** Why this plane's run can have no arrows (the worker says the same), or null. */
export function arrowsUnavailableOn(plane: PlaneInfo): string | null {
  if (plane.task !== 'classification') return 'Attack arrows need a classification task: they show where the predicted class flips.';
  const plain = plane.features.length === DEFAULT_FEATURES.length && plane.features.every((f, i) => f === DEFAULT_FEATURES[i]);
  if (!plain) return 'Attack arrows need the inputs x₁ and x₂ alone: with extra features the attacked input is no point of the plane.';
  return null;
}
