// Stopping on NaN/Inf, and the error that says where. The step guard flags the exact step
// whose loss or gradients first went non-finite (kernels/guard.ts) and makes it, and every
// later step, change nothing; the trainer sees the flag with the next metric read and
// comes here: the training state is put back to the step before, the flagged step is
// re-run eagerly to find where its first non-finite value appeared, and the error names it.
import type { Backend } from '../engine/backend';
import type { Model } from '../nn/model';
import { firstNonFiniteLayer } from './health';
import { locateNonFinite, type NonFiniteSite } from './locate-non-finite';
import type { MetricsStream } from './metrics-stream';
import type { StepParts, TrainingStep } from './step';
import type { TrainingState } from './training-state';
import { NonFiniteError, type LiveHyper } from './types';

const ADVICE = 'Lower the learning rate, turn on gradient clipping, or add normalization.';

/**
 * After the guard flagged step `k` (1-based): every step from k on changed nothing, so the
 * training state is the one after step k-1; the counters say so again. Returns the error.
 */
export async function stopAtFlaggedStep(
  parts: StepParts,
  step: TrainingStep,
  metrics: MetricsStream,
  k: number,
  hyper: Required<LiveHyper>,
): Promise<NonFiniteError> {
  await metrics.drain();
  const s = parts.state;
  s.step = k - 1;
  s.epoch = Math.floor(Math.max(0, k - 2) / parts.stepsPerEpoch);
  const site = await locateNonFinite(parts, step, k - 1, hyper);
  metrics.reset(); // clears the flag: training on retries step k
  return flaggedStepError(k, site);
}

/** The error for flagged step `k`, naming `site`; err.step is k, err.layer the site's layer or "loss". */
export function flaggedStepError(k: number, site: NonFiniteSite): NonFiniteError {
  const lossFinite = Number.isFinite(site.loss);
  let what = lossFinite ? 'a gradient became non-finite' : `the training loss became ${site.loss}`;
  let where = site.part === 'loss' ? 'the loss' : `${site.layer}, in its ${site.part === 'output' ? 'output' : 'gradient'}`;
  if (site.part === 'gradientNorm') {
    what = "the gradients' sum of squares overflowed float32 (no single value was NaN or Inf)";
    where = `${site.layer}, in its gradient norm`;
  }
  return new NonFiniteError(`Training stopped at step ${k}: ${what}. The first non-finite values appeared in ${where}. ${ADVICE}`, k, site.layer);
}

/** The NaN/Inf error for `what` (a test loss), naming the first layer whose weights went non-finite. */
export async function nonFiniteError(backend: Backend, model: Model, state: TrainingState, what: string): Promise<NonFiniteError> {
  const values = await backend.read(state.paramFlat);
  const layer = firstNonFiniteLayer(model, state.layout, values);
  const where = layer ? ` The first non-finite values appeared in ${layer}.` : '';
  return new NonFiniteError(`Training stopped at step ${state.step}: ${what}${where} ${ADVICE}`, state.step, layer);
}
