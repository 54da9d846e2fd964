// What the boundary views can ask of the training worker; src/app (the worker bridge)
// supplies the implementation, as for the run commands (src/ui/commands.ts).
import type { BoundaryCheck } from '../../../worker/protocol';

export interface ProbeCommands {
  /** Views open: the worker refreshes the boundary; closed: it runs no probes. */
  setEnabled(enabled: boolean): void;
  /** The boundary against the model at the current weights (null without a paused 2-D classification run). */
  check(): Promise<BoundaryCheck | null>;
}

let current: ProbeCommands = { setEnabled() {}, check: async () => null };

export function setProbeCommands(commands: ProbeCommands): void {
  current = commands;
}

export function probeCommands(): ProbeCommands {
  return current;
}
