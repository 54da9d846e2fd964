// One way to set a training run up, shared by the browser's worker (src/worker) and the
// headless runner (src/cli): load the data -> check the experiment against it -> open the
// backend -> refuse a model too big for the adapter's buffers -> create the trainer. Each
// caller supplies the outside world (how data is fetched, backends cached, errors shown);
// the order and the checks are the same for both. Here rather than in src/train because
// the limits check is experiment validation (src/train may not import src/experiment).
// Not exported from ./index: the UI imports that, and this pulls in the engine.
import type { Experiment, Issue } from '../spec';
import type { LoadedSplit } from '../data';
import type { TrainerOptions } from '../train/trainer';
import type { TrainEvent } from '../train/types';
import { validateExperiment, type DeviceLimits } from './validate';

/** An opened backend; `adapter.limits` (WebGPU) are the buffer sizes a model must fit. */
export interface OpenedRunBackend {
  backend: TrainerOptions['backend'];
  adapter: { limits?: DeviceLimits };
}

export interface RunSetup<O extends OpenedRunBackend, T> {
  loadData(experiment: Experiment): Promise<LoadedSplit>;
  /**
   * The experiment to run, checked against the loaded data (a CSV's columns decide the
   * input shape and classes); throw to refuse. Default: the experiment as given.
   */
  checkData?(experiment: Experiment, split: LoadedSplit): Experiment;
  openBackend(kind: Experiment['backend']): Promise<O>;
  /** Called as soon as the backend is open (to print the adapter, or to dispose it later). */
  onBackend?(opened: O): void;
  createTrainer(experiment: Experiment, options: TrainerOptions & { split: LoadedSplit }): Promise<T>;
  onEvent(e: TrainEvent): void;
}

export interface PreparedRun<O, T> {
  experiment: Experiment;
  split: LoadedSplit;
  opened: O;
  trainer: T;
}

/** The model does not fit this adapter: every reason, each naming its field. */
export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
  constructor(readonly issues: Issue[]) {
    super(issues.map((i) => i.message).join(' '));
  }
}

export async function prepareRun<O extends OpenedRunBackend, T>(experiment: Experiment, setup: RunSetup<O, T>): Promise<PreparedRun<O, T>> {
  const split = await setup.loadData(experiment);
  const checked = setup.checkData ? setup.checkData(experiment, split) : experiment;
  const opened = await setup.openBackend(checked.backend);
  setup.onBackend?.(opened);
  // Before anything touches the GPU: a model whose tensors exceed the adapter's buffers.
  const limits = opened.adapter.limits;
  if (limits) {
    const fits = validateExperiment(checked, { limits, inputShape: split.train.inputShape, numClasses: split.train.numClasses || undefined });
    if (fits.errors.length) throw new RunRefusedError(fits.errors);
  }
  const trainer = await setup.createTrainer(checked, { backend: opened.backend, split, onEvent: setup.onEvent });
  return { experiment: checked, split, opened, trainer };
}
