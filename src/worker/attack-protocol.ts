// Messages of the adversarial views ("Adversarial example", "Robustness", the decision
// boundary's attack arrows), kept apart from protocol.ts like insight-protocol.ts. The
// worker's side is attack.ts and attack-arrows.ts.
import type { AttackMethod } from '../train/adversarial';
import type { RobustAccuracy } from '../train/robustness';

export type { AttackMethod, RobustAccuracy };

export interface AttackRequest {
  method: AttackMethod;
  epsilon: number;
  /** PGD only (defaults in src/train/adversarial.ts). */
  steps?: number;
}

/** The image to attack: a test image by index, or the drawing pad's pixels (0..1, height x width). */
export type AttackImage = { kind: 'test'; index: number } | { kind: 'drawn'; pixels: number[] };

export interface ClassGuess {
  predicted: number;
  confidence: number;
}

/** One image under attack, in the user's units (pixels 0..255, or the raw row). */
export interface AttackExample {
  /** A test image (with its index) or the drawn image. */
  source: 'test' | 'drawn';
  /** The test image's index; 0 for the drawn image. */
  index: number;
  /** The true label; null for the drawn image (it has none: the attack pushes away from the clean prediction). */
  label: number | null;
  method: AttackMethod;
  epsilon: number;
  classNames: string[];
  original: number[];
  adversarial: number[];
  /** adversarial - original, in the units of ε (pixels scaled to 0..1 for images). */
  perturbation: number[];
  clean: ClassGuess;
  attacked: ClassGuess;
}

/**
 * The decision boundary's arrows: the first test points (at most ARROW_POINTS) and where the
 * attack moves them at the weights after `step` steps, both in raw plane units (the attack
 * works on the normalised features; the ends are mapped back with the split's statistics).
 */
export interface AttackArrows {
  step: number;
  method: AttackMethod;
  epsilon: number;
  /** Raw (x1, x2) of each test point used [n * 2] ... */
  from: Float32Array;
  /** ... and of its adversarial point [n * 2]. */
  to: Float32Array;
  /** The predicted class at each point before and after the attack [n]. */
  clean: Uint32Array;
  attacked: Uint32Array;
  /** The test set's size (the arrows cover the first `clean.length` of it). */
  testSize: number;
}

export type AttackToWorker =
  /** Attacks `image` at the current weights; answered by `attackExample` with the same id. */
  | { type: 'attackExample'; id: number; image: AttackImage; attack: AttackRequest }
  /** Test accuracy under attack at each ε; answered by `robustness` with the same id. */
  | { type: 'robustness'; id: number; method: AttackMethod; epsilons: number[]; steps?: number }
  /**
   * The decision boundary's attack arrows under `attack` (null: off). While on, the worker
   * sends `attackArrows` now and again as training moves the weights (at most once a second).
   */
  | { type: 'attackArrows'; attack: AttackRequest | null };

export type AttackFromWorker =
  | { type: 'attackExample'; id: number; example: AttackExample | null; message?: string }
  | { type: 'robustness'; id: number; method: AttackMethod; rows: RobustAccuracy[] | null; message?: string }
  /** Arrows at the current weights, or null with the reason they cannot be drawn. */
  | { type: 'attackArrows'; arrows: AttackArrows | null; message?: string };
