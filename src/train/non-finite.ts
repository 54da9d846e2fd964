// Stopping on NaN/Inf: the error the trainer throws, naming where non-finite values are.
import type { Backend } from '../engine/backend';
import type { Model } from '../nn/model';
import { firstNonFiniteLayer } from './health';
import type { TrainingState } from './training-state';
import { NonFiniteError } from './types';

const ADVICE = 'Lower the learning rate, turn on gradient clipping, or add normalization.';

/** The NaN/Inf error for `what`, naming the first layer whose weights went non-finite. */
export async function nonFiniteError(backend: Backend, model: Model, state: TrainingState, what: string): Promise<NonFiniteError> {
  const values = await backend.read(state.paramFlat);
  const layer = firstNonFiniteLayer(model, state.layout, values);
  const where = layer ? ` The first non-finite values appeared in ${layer}.` : '';
  return new NonFiniteError(`Training stopped at step ${state.step}: ${what}${where} ${ADVICE}`, state.step, layer);
}
