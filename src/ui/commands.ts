// What the UI can ask of the training worker. src/app supplies the implementation (the
// worker bridge); components call runCommands().train() and never touch the worker.
import type { RunWeights } from './store/run-record';

export interface RunCommands {
  train(): void;
  /** Continue the run from its last good checkpoint under the current settings. */
  resume(): void;
  /** An edit needs a new model: keep the current run in "Run history" and start a new one. */
  startNewRun(): void;
  /** An edit needs a new model: undo it and keep the current run going. */
  keepCurrentRun(): void;
  pause(): void;
  step(): void;
  reset(): void;
  selfTest(): void;
  /** The current trainer's weights (parameters, then layer state such as running means), or null without one. */
  weights(): Promise<RunWeights | null>;
  /** The current run as a PyTorch project zip (train.py, weights, data), or why not. */
  pytorchProject?(): Promise<{ zip: Uint8Array } | { message: string }>;
  /** Loads weights into the model and starts later runs from them ("Load weights"); null forgets them. */
  loadWeights(source: string, tensors: RunWeights | null): void;
}

const noop: RunCommands = {
  train() {}, resume() {}, startNewRun() {}, keepCurrentRun() {}, pause() {}, step() {}, reset() {}, selfTest() {}, weights: async () => null, loadWeights() {},
};
let current: RunCommands = noop;

export function setRunCommands(commands: RunCommands): void {
  current = commands;
}

export function runCommands(): RunCommands {
  return current;
}
