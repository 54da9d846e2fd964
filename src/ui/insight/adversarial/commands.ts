// What the adversarial views can ask of the training worker; src/app (the worker bridge)
// supplies the implementation, as for the boundary views' commands.
import type { AttackExample, AttackImage, AttackMethod, AttackRequest, RobustAccuracy } from '../../../worker/attack-protocol';

export type Answer<T> = { ok: true; value: T } | { ok: false; message: string };

export interface AttackCommands {
  /** A test image or the drawn image under `attack` at the current weights. */
  example(image: AttackImage, attack: AttackRequest): Promise<Answer<AttackExample>>;
  /** Test accuracy under attack at each ε (one row each, in order). */
  robustness(method: AttackMethod, epsilons: number[], steps?: number): Promise<Answer<RobustAccuracy[]>>;
  /** The decision boundary's attack arrows under `attack`, or none (null); they arrive in the store. */
  arrows(attack: AttackRequest | null): void;
}

const none = async (): Promise<Answer<never>> => ({ ok: false, message: 'The training worker is not running.' });
let current: AttackCommands = { example: none, robustness: none, arrows() {} };

export function setAttackCommands(commands: AttackCommands): void {
  current = commands;
}

export function attackCommands(): AttackCommands {
  return current;
}
