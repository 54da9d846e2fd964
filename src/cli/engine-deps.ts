// The engine side of the runner's defaults: backend selection and the trainer. run.ts
// imports this lazily, so tests that inject a fake trainer never load the engine.

import { openBackend } from '../train/backend-select';
import { Trainer } from '../train/trainer';
import type { CliDeps } from './deps';

export const engineDeps: Pick<CliDeps, 'openBackend' | 'createTrainer'> = {
  openBackend,
  createTrainer: (experiment, options) => Trainer.create(experiment, options),
};
