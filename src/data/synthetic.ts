// The TensorFlow Playground's 2-D datasets (tensorflow/playground src/dataset.ts), drawn
// from the experiment seed instead of Math.random so a share link reproduces its points.
// Same geometry, same draw order per point, same label rules; differences:
// - `noise` is the Playground's noise/100 (its slider goes to 50%, ours to 1 = 100%);
// - its labels +1/-1 become classes 1/0; regression targets stay in [-1, 1];
// - exactly `n` points (the Playground makes n/2 per class, rounding up).

import { Rng } from '../engine/random';
import { SYNTHETIC_STREAM } from './streams';
import type { Dataset } from './types';

export const SYNTHETIC_DATASETS = ['circle', 'xor', 'gauss', 'spiral', 'plane', 'multigauss'] as const;
export type SyntheticName = (typeof SYNTHETIC_DATASETS)[number];

/** Points per synthetic set unless the experiment says otherwise. */
export const DEFAULT_SYNTHETIC_SAMPLES = 1000;

export function isSyntheticName(name: string): name is SyntheticName {
  return (SYNTHETIC_DATASETS as readonly string[]).includes(name);
}

export interface SyntheticOptions {
  seed: number;
  /** 0 to 1. */
  noise?: number;
  n?: number;
}

type Point = { x: number; y: number; label: number };

export function generateSynthetic(name: SyntheticName, options: SyntheticOptions): Dataset {
  const n = options.n ?? DEFAULT_SYNTHETIC_SAMPLES;
  const noise = options.noise ?? 0;
  const rng = Rng.derive(options.seed, SYNTHETIC_STREAM);
  const points = GENERATORS[name](n, noise, rng);
  const regression = name === 'plane' || name === 'multigauss';
  const x = new Float32Array(n * 2);
  const y = regression ? new Float32Array(n) : new Uint32Array(n);
  points.forEach((p, i) => {
    x[2 * i] = p.x;
    x[2 * i + 1] = p.y;
    y[i] = regression ? p.label : p.label > 0 ? 1 : 0;
  });
  return {
    task: regression ? 'regression' : 'classification',
    inputShape: [2],
    numClasses: regression ? 0 : 2,
    x,
    y,
    n,
    featureNames: ['x1', 'x2'],
    classNames: regression ? undefined : ['negative', 'positive'],
  };
}

type Generator = (n: number, noise: number, rng: Rng) => Point[];

const dist = (ax: number, ay: number, bx: number, by: number) => Math.hypot(ax - bx, ay - by);

/** Positive points in a disc of radius 2.5, negative ones in a ring 3.5..5; labels from the noisy point. */
const circle: Generator = (n, noise, rng) => {
  const radius = 5;
  const points: Point[] = [];
  const nPositive = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const r = i < nPositive ? rng.range(0, radius * 0.5) : rng.range(radius * 0.7, radius);
    const angle = rng.range(0, 2 * Math.PI);
    const x = r * Math.sin(angle);
    const y = r * Math.cos(angle);
    const noiseX = rng.range(-radius, radius) * noise;
    const noiseY = rng.range(-radius, radius) * noise;
    const label = dist(x + noiseX, y + noiseY, 0, 0) < radius * 0.5 ? 1 : -1;
    points.push({ x, y, label });
  }
  return points;
};

/** Quadrants, pushed 0.3 away from the axes; label = sign(x * y) of the noisy point. */
const xor: Generator = (n, noise, rng) => {
  const padding = 0.3;
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    let x = rng.range(-5, 5);
    x += x > 0 ? padding : -padding;
    let y = rng.range(-5, 5);
    y += y > 0 ? padding : -padding;
    const noiseX = rng.range(-5, 5) * noise;
    const noiseY = rng.range(-5, 5) * noise;
    const label = (x + noiseX) * (y + noiseY) >= 0 ? 1 : -1;
    points.push({ x, y, label });
  }
  return points;
};

/** Two gaussians at (2, 2) and (-2, -2); the Playground's variance 0.5 + 7 * noise. */
const gauss: Generator = (n, noise, rng) => {
  const variance = 0.5 + 7 * noise;
  const sd = Math.sqrt(variance);
  const points: Point[] = [];
  const nPositive = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const positive = i < nPositive;
    const c = positive ? 2 : -2;
    points.push({ x: c + sd * rng.normal(), y: c + sd * rng.normal(), label: positive ? 1 : -1 });
  }
  return points;
};

/** Two interleaved arms of 1.75 turns each, radius growing to 5; noise jitters the points. */
const spiral: Generator = (n, noise, rng) => {
  const points: Point[] = [];
  const nPositive = Math.ceil(n / 2);
  const arm = (count: number, deltaT: number, label: number) => {
    for (let i = 0; i < count; i++) {
      const r = (i / count) * 5;
      const t = ((1.75 * i) / count) * 2 * Math.PI + deltaT;
      const x = r * Math.sin(t) + rng.range(-1, 1) * noise;
      const y = r * Math.cos(t) + rng.range(-1, 1) * noise;
      points.push({ x, y, label });
    }
  };
  arm(nPositive, 0, 1);
  arm(n - nPositive, Math.PI, -1);
  return points;
};

/** Target (x + y) / 10 of the noisy point: [-1.2, 1.2] without noise (the Playground does not clamp). */
const plane: Generator = (n, noise, rng) => {
  const radius = 6;
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.range(-radius, radius);
    const y = rng.range(-radius, radius);
    const noiseX = rng.range(-radius, radius) * noise;
    const noiseY = rng.range(-radius, radius) * noise;
    points.push({ x, y, label: (x + noiseX + y + noiseY) / 10 });
  }
  return points;
};

/** Six signed bumps; the target is the bump of largest magnitude, 1 - d/2 clamped to [0, 1]. */
const MULTIGAUSS_CENTERS: [number, number, number][] = [
  [-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
  [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1],
];

function multigaussLabel(x: number, y: number): number {
  let label = 0;
  for (const [cx, cy, sign] of MULTIGAUSS_CENTERS) {
    const bump = sign * Math.min(1, Math.max(0, 1 - dist(x, y, cx, cy) / 2));
    if (Math.abs(bump) > Math.abs(label)) label = bump;
  }
  return label;
}

const multigauss: Generator = (n, noise, rng) => {
  const radius = 6;
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.range(-radius, radius);
    const y = rng.range(-radius, radius);
    const noiseX = rng.range(-radius, radius) * noise;
    const noiseY = rng.range(-radius, radius) * noise;
    points.push({ x, y, label: multigaussLabel(x + noiseX, y + noiseY) });
  }
  return points;
};

const GENERATORS: Record<SyntheticName, Generator> = { circle, xor, gauss, spiral, plane, multigauss };
