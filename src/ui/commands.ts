// What the UI can ask of the training worker. src/app supplies the implementation (the
// worker bridge); components call runCommands().train() and never touch the worker.

export interface RunCommands {
  train(): void;
  pause(): void;
  step(): void;
  reset(): void;
  selfTest(): void;
}

const noop: RunCommands = { train() {}, pause() {}, step() {}, reset() {}, selfTest() {} };
let current: RunCommands = noop;

export function setRunCommands(commands: RunCommands): void {
  current = commands;
}

export function runCommands(): RunCommands {
  return current;
}
