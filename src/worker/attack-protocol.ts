// Messages of the adversarial views ("Adversarial example", "Robustness"), kept apart from
// protocol.ts like insight-protocol.ts. The worker's side is attack.ts.
import type { AttackMethod } from '../train/adversarial';
import type { RobustAccuracy } from '../train/robustness';

export type { AttackMethod, RobustAccuracy };

export interface AttackRequest {
  method: AttackMethod;
  epsilon: number;
  /** PGD only (defaults in src/train/adversarial.ts). */
  steps?: number;
}

export interface ClassGuess {
  predicted: number;
  confidence: number;
}

/** One test sample under attack, in the user's units (pixels 0..255, or the raw row). */
export interface AttackExample {
  index: number;
  label: number;
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

export type AttackToWorker =
  /** Attacks test sample `index` at the current weights; answered by `attackExample` with the same id. */
  | { type: 'attackExample'; id: number; index: number; attack: AttackRequest }
  /** Test accuracy under attack at each ε; answered by `robustness` with the same id. */
  | { type: 'robustness'; id: number; method: AttackMethod; epsilons: number[]; steps?: number };

export type AttackFromWorker =
  | { type: 'attackExample'; id: number; example: AttackExample | null; message?: string }
  | { type: 'robustness'; id: number; method: AttackMethod; rows: RobustAccuracy[] | null; message?: string };
