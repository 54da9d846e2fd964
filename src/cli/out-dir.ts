// The --out folder: experiment.json (the resolved experiment), metrics.jsonl (every event,
// then the final metrics), weights.safetensors, and INCOMPLETE while the run has not
// finished. Writes are synchronous so that a Ctrl-C handler can still leave its note.

import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Experiment } from '../spec';
import { encodeSafetensors } from '../train/safetensors';
import type { NamedTensor } from '../train/safetensors';

export const OUT_FILES = {
  experiment: 'experiment.json',
  metrics: 'metrics.jsonl',
  weights: 'weights.safetensors',
  incomplete: 'INCOMPLETE',
} as const;

export class OutDir {
  readonly dir: string;

  /** Creates the folder, replaces files of an earlier run and marks the run as unfinished. */
  constructor(dir: string, cwd: string) {
    this.dir = resolve(cwd, dir);
    mkdirSync(this.dir, { recursive: true });
    for (const name of [OUT_FILES.metrics, OUT_FILES.weights]) rmSync(join(this.dir, name), { force: true });
    writeFileSync(join(this.dir, OUT_FILES.metrics), '');
    this.markIncomplete(`The run started at ${new Date().toISOString()} and has not finished: it is still running, or it was killed before it could say why.`);
  }

  writeExperiment(experiment: Experiment): void {
    writeFileSync(join(this.dir, OUT_FILES.experiment), `${JSON.stringify(experiment, null, 2)}\n`);
  }

  appendMetric(record: object): void {
    appendFileSync(join(this.dir, OUT_FILES.metrics), `${JSON.stringify(record)}\n`);
  }

  writeWeights(tensors: NamedTensor[], metadata: Record<string, string>): void {
    writeFileSync(join(this.dir, OUT_FILES.weights), encodeSafetensors(tensors, metadata));
  }

  markIncomplete(reason: string): void {
    writeFileSync(join(this.dir, OUT_FILES.incomplete), `${reason.trimEnd()}\n`);
  }

  markComplete(): void {
    rmSync(join(this.dir, OUT_FILES.incomplete), { force: true });
  }
}
