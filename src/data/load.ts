// loadDataset: experiment `data` + seed -> normalized train / test (/ validation) splits.
// One code path for the browser and Node; only the DataIo differs (fetch-io.ts, node-io.ts).
// Errors a person can fix are DataLoadErrors naming the spec field they come from.

import type { DataSpec } from '../spec';
import { CSV_LIMITS, CsvError, parseCsv, type CsvParseResult } from './csv';
import { tooLarge } from './io';
import { contentHash } from './hash';
import { readIdx } from './idx';
import { FASHION_MNIST_CLASS_NAMES, imageDatasetFromIdx, MNIST_CLASS_NAMES } from './images';
import type { DataIo } from './io';
import { normalizeSplits } from './normalize';
import { officialSplit, splitDataset, type RawSplit } from './split';
import { DEFAULT_SYNTHETIC_SAMPLES, generateSynthetic, isSyntheticName } from './synthetic';
import type { Split } from './types';

/** Site paths of the built-in files (public/data/ in the repository). */
export const DATA_FILES = {
  mnist: { images: '/data/mnist/images.idx.gz', labels: '/data/mnist/labels.idx.gz' },
  fashionMnist: {
    trainImages: '/data/fashion-mnist/train-images-idx3-ubyte.gz',
    trainLabels: '/data/fashion-mnist/train-labels-idx1-ubyte.gz',
    testImages: '/data/fashion-mnist/t10k-images-idx3-ubyte.gz',
    testLabels: '/data/fashion-mnist/t10k-labels-idx1-ubyte.gz',
  },
} as const;

export class DataLoadError extends Error {
  override name = 'DataLoadError';
  /** The spec field to fix, e.g. `data.csv.target`. */
  constructor(readonly path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The data fields loadDataset reads; defaults as in the spec's schema. */
export type LoadableData = Pick<DataSpec, 'dataset'> & Partial<Omit<DataSpec, 'dataset'>>;

export interface LoadOptions {
  /** Points in a synthetic set (default 1000). */
  syntheticSamples?: number;
  /** Largest CSV file read, in bytes (default CSV_LIMITS.maxBytes), and what raises it. */
  maxCsvBytes?: number;
  raiseCsvLimitWith?: string;
}

/** A split plus, for CSV, what the parser found (columns, skipped lines, warnings). */
export interface LoadedSplit extends Split {
  csv?: Omit<CsvParseResult, 'dataset'>;
}

export async function loadDataset(data: LoadableData, seed: number, io: DataIo, options: LoadOptions = {}): Promise<LoadedSplit> {
  const splitOptions = { seed, trainFraction: data.trainFraction ?? 0.8, validationFraction: data.validationFraction };
  let raw: RawSplit;
  let csv: LoadedSplit['csv'];
  if (isSyntheticName(data.dataset)) {
    const n = options.syntheticSamples ?? DEFAULT_SYNTHETIC_SAMPLES;
    raw = splitDataset(generateSynthetic(data.dataset, { seed, noise: data.noise ?? 0, n }), splitOptions);
  } else if (data.dataset === 'mnist') {
    const files = DATA_FILES.mnist;
    const [images, labels] = await Promise.all([readIdxFile(io, files.images), readIdxFile(io, files.labels)]);
    const all = imageDatasetFromIdx(images, labels, { classNames: MNIST_CLASS_NAMES, imagesName: files.images, labelsName: files.labels });
    raw = splitDataset(all, splitOptions);
  } else if (data.dataset === 'fashion-mnist') {
    const f = DATA_FILES.fashionMnist;
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
      [f.trainImages, f.trainLabels, f.testImages, f.testLabels].map((path) => readIdxFile(io, path)),
    );
    const names = { classNames: FASHION_MNIST_CLASS_NAMES };
    const train = imageDatasetFromIdx(trainImages, trainLabels, { ...names, imagesName: f.trainImages, labelsName: f.trainLabels });
    const test = imageDatasetFromIdx(testImages, testLabels, { ...names, imagesName: f.testImages, labelsName: f.testLabels });
    raw = officialSplit(train, test, splitOptions);
  } else if (data.dataset === 'csv') {
    const { dataset, ...report } = await loadCsv(data, io, options);
    raw = splitDataset(dataset, splitOptions);
    csv = report;
  } else {
    throw new DataLoadError('data.dataset', `Unknown dataset '${String(data.dataset)}'.`);
  }
  const stats = normalizeSplits(raw, data.normalize ?? 'none');
  return csv ? { ...raw, stats, csv } : { ...raw, stats };
}

async function readIdxFile(io: DataIo, path: string) {
  const bytes = await io.readFile(path).catch((e: unknown) => {
    throw new DataLoadError('data.dataset', `Could not read the built-in data file ${path}: ${messageOf(e)}`, { cause: e });
  });
  try {
    return await readIdx(bytes, path);
  } catch (e) {
    throw new DataLoadError('data.dataset', messageOf(e), { cause: e });
  }
}

async function loadCsv(data: LoadableData, io: DataIo, options: LoadOptions): Promise<CsvParseResult> {
  const spec = data.csv;
  if (!spec) throw new DataLoadError('data.csv', `data.csv is required when data.dataset is 'csv': give { "file", "target", "task" }.`);
  const limit = { maxBytes: options.maxCsvBytes ?? CSV_LIMITS.maxBytes, raiseWith: options.raiseCsvLimitWith };
  const bytes = await io.readFile(spec.file, limit).catch((e: unknown) => {
    if (e instanceof DataLoadError) throw e; // already says what to do (pageDataIo: choose the file)
    throw new DataLoadError('data.csv.file', `Could not read the CSV file '${spec.file}': ${messageOf(e)}`, { cause: e });
  });
  // An io that could not know the size first (a stream) is still held to the cap.
  if (bytes.byteLength > limit.maxBytes) throw new DataLoadError('data.csv.file', tooLarge(spec.file, bytes.byteLength, limit).message);
  if (spec.hash) {
    const hash = await contentHash(bytes);
    if (hash !== spec.hash) {
      throw new DataLoadError(
        'data.csv.hash',
        `The file '${spec.file}' is not the one this experiment was made with (its SHA-256 differs); choose the original file, or remove data.csv.hash to use this one.`,
      );
    }
  }
  try {
    return parseCsv(new TextDecoder().decode(bytes), { target: spec.target, task: spec.task });
  } catch (e) {
    const path = e instanceof CsvError && e.about === 'target' ? 'data.csv.target' : 'data.csv.file';
    throw new DataLoadError(path, messageOf(e), { cause: e });
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
