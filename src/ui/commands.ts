// What the UI can ask of the training worker. src/app supplies the implementation (the
// worker bridge); components call runCommands().train() and never touch the worker.
import type { RunWeights } from './store/run-record';

export interface RunCommands {
  train(): void;
  pause(): void;
  step(): void;
  reset(): void;
  selfTest(): void;
  /** The current trainer's weights (parameters, then layer state such as running means), or null without one. */
  weights(): Promise<RunWeights | null>;
  /** Loads weights into the model and starts later runs from them ("Load weights"); null forgets them. */
  loadWeights(source: string, tensors: RunWeights | null): void;
}

const noop: RunCommands = { train() {}, pause() {}, step() {}, reset() {}, selfTest() {}, weights: async () => null, loadWeights() {} };
let current: RunCommands = noop;

export function setRunCommands(commands: RunCommands): void {
  current = commands;
}

export function runCommands(): RunCommands {
  return current;
}
