// A training checkpoint as a safetensors file (the runner's --out DIR/checkpoint.safetensors).
// Tensors, each under a clear name:
//   <param>                    the weights, e.g. "layer1.weight"
//   optimizer.<slot>.<param>   the optimizer's state, e.g. "optimizer.m.layer1.weight"
//   <statistic>                running statistics, e.g. "layer2.runningMean"
// `__metadata__` (strings, as the format wants): format, version, step, epoch, the random
// position (`rng`: seed, the next step's random stream and the epoch whose data order is
// in use), the optimizer and its slots, the tensors' order, early stopping's memory, and
// whatever the caller adds (the runner: the experiment's SHA-256). Pure: no Node APIs.
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from './safetensors';
import type { SavedTrainingState } from './training-state';
import type { OptimizerSpec } from '../spec';

export const CHECKPOINT_FORMAT = 'playground-checkpoint';

/** The metadata keys this module writes (callers add their own next to them). */
type OwnKey = 'format' | 'version' | 'step' | 'epoch' | 'rng' | 'optimizer' | 'slots' | 'params' | 'running' | 'stopping';

export const slotTensorName = (slot: string, param: string) => `optimizer.${slot}.${param}`;

export function encodeCheckpoint(saved: SavedTrainingState, seed: number, extra: Record<string, string> = {}): Uint8Array {
  const tensors: NamedTensor[] = saved.params.map((data, i) => ({ name: saved.paramNames[i], shape: saved.paramShapes[i], data }));
  saved.optimizer.forEach((slot, k) =>
    // A frozen parameter (`trainable: false`) has no optimizer state: no tensor for it.
    slot.forEach((data, i) => { if (data.length) tensors.push({ name: slotTensorName(saved.slotNames[k], saved.paramNames[i]), shape: saved.paramShapes[i], data }); }),
  );
  saved.running.forEach((data, i) => tensors.push({ name: saved.runningNames[i], shape: saved.runningShapes[i], data }));
  const stopping = saved.stopping ? { best: String(saved.stopping.best), evalsWithoutImprovement: saved.stopping.evalsWithoutImprovement } : null;
  const own: Record<OwnKey, string> = {
    format: CHECKPOINT_FORMAT,
    version: '1',
    step: String(saved.step),
    epoch: String(saved.epoch),
    // Random streams and the data order are functions of (seed, step) and (seed, epoch).
    rng: JSON.stringify({ seed, stream: saved.randomStream, orderEpoch: saved.epoch }),
    optimizer: saved.optimizerType,
    slots: JSON.stringify(saved.slotNames),
    params: JSON.stringify(saved.paramNames),
    running: JSON.stringify(saved.runningNames),
    stopping: JSON.stringify(stopping),
  };
  return encodeSafetensors(tensors, { ...extra, ...own });
}

export interface DecodedCheckpoint {
  state: SavedTrainingState;
  seed: number;
  /** Every metadata entry, the caller's included. */
  metadata: Record<string, string>;
}

/** Reads a checkpoint back; throws one sentence when the file is not one. */
export function decodeCheckpoint(bytes: Uint8Array): DecodedCheckpoint {
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (metadata.format !== CHECKPOINT_FORMAT || metadata.version !== '1') {
    throw new Error(`Not a training checkpoint of version 1 (format '${metadata.format ?? 'none'}', version '${metadata.version ?? 'none'}').`);
  }
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const tensor = (name: string): NamedTensor => {
    const t = byName.get(name);
    if (!t) throw new Error(`The checkpoint lacks the tensor '${name}' its metadata lists.`);
    return t;
  };
  const list = (key: string): string[] => JSON.parse(metadata[key] ?? '[]') as string[];
  const paramNames = list('params');
  const slotNames = list('slots');
  const runningNames = list('running');
  const params = paramNames.map(tensor);
  const running = runningNames.map(tensor);
  const rng = JSON.parse(metadata.rng) as { seed: number; stream: number };
  const stopping = JSON.parse(metadata.stopping ?? 'null') as { best: string; evalsWithoutImprovement: number } | null;
  const state: SavedTrainingState = {
    format: 'training-state',
    version: 1,
    step: Number(metadata.step),
    epoch: Number(metadata.epoch),
    randomStream: rng.stream,
    paramNames,
    paramShapes: params.map((t) => t.shape),
    optimizerType: metadata.optimizer as OptimizerSpec['type'],
    slotNames,
    runningNames,
    runningShapes: running.map((t) => t.shape),
    params: params.map((t) => t.data),
    optimizer: slotNames.map((slot) => paramNames.map((p) => byName.get(slotTensorName(slot, p))?.data ?? new Float32Array(0))),
    running: running.map((t) => t.data),
    ...(stopping ? { stopping: { best: Number(stopping.best), evalsWithoutImprovement: stopping.evalsWithoutImprovement } } : {}),
  };
  return { state, seed: rng.seed, metadata };
}
