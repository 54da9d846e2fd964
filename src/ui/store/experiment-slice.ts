import type { StateCreator } from 'zustand/vanilla';
import { OPTIMIZER_DEFAULTS, SCHEDULE_DEFAULTS, defaultExperiment } from '../../spec';
import { datasetInfo } from '../../spec';
import type { DatasetName, Experiment, LayerSpec, LayerType, OptimizerName, ScheduleName } from '../../spec';
import { adaptToData, validateExperiment } from '../../experiment';
import type { ValidationResult } from '../../experiment';
import type { AppState } from './index';
import { newLayer } from '../model/layer-defaults';

// The experiment being edited. Layers carry stable ids (for drag and drop) in a parallel
// list; the experiment itself stays exactly the v1 format so it can be shared as is.

export interface ExperimentSlice {
  experiment: Experiment;
  layerIds: string[];
  /** validateExperiment of `experiment`, recomputed on every edit. */
  validation: ValidationResult;
  /** Bumped when the experiment is replaced wholesale (a preset, a file, a link). */
  loadedAt: number;
  /** The last dataset change in the page and what it changed in the model; null after any other edit. */
  adapted: AdaptedModel | null;
  /** The person chose another dataset: the model, loss and output are made to fit it. */
  chooseDataset(dataset: DatasetName): void;
  /** Puts back the model (and loss) from before the adaptation, keeping the chosen dataset. */
  undoAdapt(): void;
  setExperiment(e: Experiment): void;
  /** Immutable update of any part: `edit((e) => ({ ...e, seed: 7 }))`. */
  edit(change: (e: Experiment) => Experiment): void;
  setLayer(index: number, layer: LayerSpec): void;
  insertLayer(type: LayerType, at?: number): void;
  removeLayer(index: number): void;
  duplicateLayer(index: number): void;
  moveLayer(from: number, to: number): void;
  setOptimizerType(type: OptimizerName): void;
  setScheduleType(type: ScheduleName): void;
  /** Lets this model train although it is over the memory budget ("Train anyway"). */
  acceptBudget(): void;
}

export interface AdaptedModel {
  /** The dataset's title: "MNIST digits". */
  title: string;
  changes: string[];
  previous: Experiment;
  previousIds: string[];
}

let nextId = 1;
const freshId = () => `layer-${nextId++}`;

export interface ValidateContext {
  limits?: { maxStorageBufferBindingSize: number; maxBufferSize: number };
  /** The page's memory budget in bytes: min(2 GiB, the adapter's maxBufferSize). */
  memoryBudget: number;
}
export const PAGE_MEMORY_BUDGET = 2 * 2 ** 30;
export const validateContext: ValidateContext = { memoryBudget: PAGE_MEMORY_BUDGET };

/** What the memory estimate depends on: a run accepted over budget stays accepted while these stay. */
export function budgetKey(e: Experiment): string {
  return JSON.stringify([e.model, e.training.batchSize, e.optimizer.type, e.data]);
}

let acceptedBudget: string | null = null;

function validated(experiment: Experiment): ValidationResult {
  const accepted = acceptedBudget === budgetKey(experiment);
  return validateExperiment(experiment, {
    limits: validateContext.limits,
    ...(accepted ? {} : { memoryBudget: { bytes: validateContext.memoryBudget, raise: 'press "Train anyway" to try' } }),
  });
}

export const createExperimentSlice: StateCreator<AppState, [], [], ExperimentSlice> = (set, get) => {
  const initial = defaultExperiment();
  const commit = (experiment: Experiment, layerIds = get().layerIds, adapted: AdaptedModel | null = null) =>
    set({ experiment, layerIds, validation: validated(experiment), adapted });
  const withLayers = (layers: LayerSpec[], ids: string[]) =>
    commit({ ...get().experiment, model: { ...get().experiment.model, layers } }, ids);
  return {
    experiment: initial,
    layerIds: initial.model.layers.map(freshId),
    validation: validated(initial),
    loadedAt: 0,
    adapted: null,
    setExperiment(e) {
      set({ experiment: e, layerIds: e.model.layers.map(freshId), validation: validated(e), loadedAt: Date.now(), adapted: null });
    },
    chooseDataset(dataset) {
      const previous = get().experiment;
      const previousIds = get().layerIds;
      const { experiment, changes } = adaptToData(previous, dataset);
      // The model object is kept when nothing changed, so the layers keep their ids.
      const ids = experiment.model === previous.model ? previousIds : experiment.model.layers.map(freshId);
      commit(experiment, ids, changes.length ? { title: datasetInfo(dataset).title, changes, previous, previousIds } : null);
    },
    undoAdapt() {
      const adapted = get().adapted;
      if (!adapted) return;
      commit({ ...adapted.previous, data: get().experiment.data }, adapted.previousIds);
    },
    edit(change) {
      commit(change(get().experiment));
    },
    setLayer(index, layer) {
      const layers = [...get().experiment.model.layers];
      layers[index] = layer;
      withLayers(layers, get().layerIds);
    },
    insertLayer(type, at) {
      const layers = [...get().experiment.model.layers];
      const ids = [...get().layerIds];
      // Without a place (the + button) it goes before the output layer, which keeps its units and stays last.
      const where = at === undefined ? Math.max(0, layers.length - 1) : Math.max(0, Math.min(at, layers.length));
      layers.splice(where, 0, newLayer(type));
      ids.splice(where, 0, freshId());
      withLayers(layers, ids);
    },
    removeLayer(index) {
      const layers = get().experiment.model.layers.filter((_, i) => i !== index);
      withLayers(layers, get().layerIds.filter((_, i) => i !== index));
    },
    duplicateLayer(index) {
      const layers = [...get().experiment.model.layers];
      const ids = [...get().layerIds];
      layers.splice(index + 1, 0, structuredClone(layers[index]));
      ids.splice(index + 1, 0, freshId());
      withLayers(layers, ids);
    },
    moveLayer(from, to) {
      const layers = [...get().experiment.model.layers];
      const ids = [...get().layerIds];
      if (to < 0 || to >= layers.length || from === to) return;
      const [layer] = layers.splice(from, 1);
      const [id] = ids.splice(from, 1);
      layers.splice(to, 0, layer);
      ids.splice(to, 0, id);
      withLayers(layers, ids);
    },
    setOptimizerType(type) {
      // Fields of the old optimizer would only raise "does not apply" warnings: start from
      // the new one's defaults, keeping the learning rate and the penalties.
      const old = get().experiment.optimizer;
      commit({ ...get().experiment, optimizer: { type, lr: old.lr, l1: old.l1, l2: old.l2, ...OPTIMIZER_DEFAULTS[type] } as Experiment['optimizer'] });
    },
    acceptBudget() {
      acceptedBudget = budgetKey(get().experiment);
      commit(get().experiment);
    },
    setScheduleType(type) {
      const old = get().experiment.schedule;
      commit({ ...get().experiment, schedule: { type, warmupSteps: old.warmupSteps, ...SCHEDULE_DEFAULTS[type] } });
    },
  };
};
