import { DATASETS, DEFAULT_FEATURES } from './enums';
import type { DatasetName, FeatureName, Task } from './enums';

export interface DatasetInfo {
  name: DatasetName;
  title: string;
  /** Shape of one sample; null for csv until its file is loaded. */
  inputShape: number[] | null;
  /** For csv this is the default; the spec's `data.csv.task` decides. */
  task: Task;
  /** Classes for classification; null for regression and for csv until loaded. */
  numClasses: number | null;
  /** Whether `data.noise` changes the data (synthetic sets only). */
  synthetic: boolean;
}

const POINTS = [2];
const IMAGE = [28, 28, 1];

const DATASET_INFO: Record<DatasetName, Omit<DatasetInfo, 'name'>> = {
  circle: { title: 'Circle', inputShape: POINTS, task: 'classification', numClasses: 2, synthetic: true },
  xor: { title: 'Exclusive or', inputShape: POINTS, task: 'classification', numClasses: 2, synthetic: true },
  gauss: { title: 'Two Gaussians', inputShape: POINTS, task: 'classification', numClasses: 2, synthetic: true },
  spiral: { title: 'Spiral', inputShape: POINTS, task: 'classification', numClasses: 2, synthetic: true },
  plane: { title: 'Plane (regression)', inputShape: POINTS, task: 'regression', numClasses: null, synthetic: true },
  multigauss: { title: 'Multi-Gaussian (regression)', inputShape: POINTS, task: 'regression', numClasses: null, synthetic: true },
  mnist: { title: 'MNIST digits', inputShape: IMAGE, task: 'classification', numClasses: 10, synthetic: false },
  'fashion-mnist': { title: 'Fashion-MNIST', inputShape: IMAGE, task: 'classification', numClasses: 10, synthetic: false },
  csv: { title: 'CSV table', inputShape: null, task: 'classification', numClasses: null, synthetic: false },
};

/** What a dataset gives the model: input shape, task and classes. Returns fresh arrays. */
export function datasetInfo(name: DatasetName): DatasetInfo {
  const info = DATASET_INFO[name];
  return { name, ...info, inputShape: info.inputShape ? [...info.inputShape] : null };
}

/** The datasets whose samples are points (x1, x2): the ones `data.features` applies to. */
export const POINT_DATASETS: readonly DatasetName[] = DATASETS.filter((d) => DATASET_INFO[d].inputShape === POINTS);

export function isPointDataset(name: DatasetName): boolean {
  return POINT_DATASETS.includes(name);
}

/** The image sets: the only ones the trainer augments. */
export function isImageDataset(name: DatasetName): boolean {
  return name === 'mnist' || name === 'fashion-mnist';
}

/** The input features of an experiment's data: `data.features`, or x1, x2 when it has none. */
export function featuresOf(data: { dataset: DatasetName; features?: readonly FeatureName[] }): readonly FeatureName[] {
  return data.features ?? DEFAULT_FEATURES;
}

/** What the model gets per sample: the dataset's shape, or [number of features] for the 2-D sets. */
export function modelInputShape(data: { dataset: DatasetName; features?: readonly FeatureName[] }): number[] | null {
  if (isPointDataset(data.dataset)) return [featuresOf(data).length];
  return datasetInfo(data.dataset).inputShape;
}
