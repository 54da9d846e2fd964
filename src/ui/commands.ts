// What the UI can ask of the training worker. src/app supplies the implementation (the
// worker bridge); components call runCommands().train() and never touch the worker.

export interface RunCommands {
  train(): void;
  /** Continue the run from its last good checkpoint under the current settings. */
  resume(): void;
  /** An edit needs a new model: keep the current run for comparison and start a new one. */
  startNewRun(): void;
  /** An edit needs a new model: undo it and keep the current run going. */
  keepCurrentRun(): void;
  pause(): void;
  step(): void;
  reset(): void;
  selfTest(): void;
}

const noop: RunCommands = { train() {}, resume() {}, startNewRun() {}, keepCurrentRun() {}, pause() {}, step() {}, reset() {}, selfTest() {} };
let current: RunCommands = noop;

export function setRunCommands(commands: RunCommands): void {
  current = commands;
}

export function runCommands(): RunCommands {
  return current;
}
