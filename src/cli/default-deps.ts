// The runner's real outside world: the process's streams and signals, the file system
// for data, and (loaded on first use) the engine.

import { loadDataset } from '../data';
import { nodeIo } from '../data/node-io';
import type { CliDeps } from './deps';

const engine = () => import('./engine-deps').then((m) => m.engineDeps);

export function defaultDeps(): CliDeps {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    loadData: (experiment, baseDir, limits) =>
      loadDataset(experiment.data, experiment.seed, nodeIo(baseDir), { maxCsvBytes: limits?.maxCsvBytes, raiseCsvLimitWith: '--max-csv-mb' }),
    openBackend: async (kind) => (await engine()).openBackend(kind),
    createTrainer: async (experiment, options) => (await engine()).createTrainer(experiment, options),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => { process.off('SIGINT', handler); };
    },
    exit: (code) => process.exit(code),
    now: () => performance.now(),
  };
}
