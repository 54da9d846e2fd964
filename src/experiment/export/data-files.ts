// data/ of an exported project: the data the run used, as it read it, and the manifest
// train.py's load_data() follows. Built-in image sets: their IDX files, byte for byte. 2-D
// sets: points.csv, every generated point (x1, x2, label or target) in generation order,
// before the split. CSV: the file itself, and table.csv, the numbers our parser made of it
// (one-hot columns and all, target last), which is what load_data() reads. load_data() then
// splits, normalises and orders exactly as the run (train_template.py).
import { featuresOf, type Experiment } from '../../spec';
import { DATA_FILES, DEFAULT_SYNTHETIC_SAMPLES, generateSynthetic, isSyntheticName, parseCsv, type DataIo, type Dataset } from '../../data';
import type { DataManifest } from './train-py';

export interface ProjectData {
  manifest: DataManifest;
  /** File name in data/ -> bytes. */
  files: Record<string, Uint8Array>;
}

const baseName = (path: string) => path.split(/[\\/]/).pop() || 'data.csv';

/** Reads (images, CSV) or regenerates (2-D sets) the run's data through `io`, as the run's loader did. */
export async function projectData(experiment: Experiment, io: DataIo, syntheticSamples = DEFAULT_SYNTHETIC_SAMPLES): Promise<ProjectData> {
  const data = experiment.data;
  if (data.dataset === 'mnist' || data.dataset === 'fashion-mnist') {
    const paths: Record<string, string> = data.dataset === 'mnist' ? { ...DATA_FILES.mnist } : { ...DATA_FILES.fashionMnist };
    const files: Record<string, Uint8Array> = {};
    const roles: Record<string, string> = {};
    for (const [role, path] of Object.entries(paths)) {
      files[baseName(path)] = await io.readFile(path);
      roles[role] = baseName(path);
    }
    return { manifest: { kind: 'images', files: roles }, files };
  }
  const encoder = new TextEncoder();
  if (isSyntheticName(data.dataset)) {
    const ds = generateSynthetic(data.dataset, { seed: experiment.seed, noise: data.noise ?? 0, n: syntheticSamples });
    const target = ds.task === 'regression' ? 'target' : 'label';
    return {
      manifest: { kind: 'table', files: { table: 'points.csv' }, targetColumns: 1, features: [...featuresOf({ dataset: data.dataset, features: data.features })] },
      files: { 'points.csv': encoder.encode(tableCsv(ds, ['x1', 'x2'], [target])) },
    };
  }
  const csv = data.csv;
  if (data.dataset !== 'csv' || !csv) throw new Error(`Dataset '${data.dataset}' cannot be exported.`);
  const bytes = await io.readFile(csv.file);
  const parsed = parseCsv(new TextDecoder().decode(bytes), { target: csv.target, task: csv.task });
  const ds = parsed.dataset;
  const k = ds.n === 0 ? 1 : ds.y.length / ds.n;
  const targets = k === 1 ? [csv.target] : Array.from({ length: k }, (_, i) => `${csv.target}${i}`);
  const original = baseName(csv.file) === 'table.csv' ? 'original.csv' : baseName(csv.file);
  return {
    manifest: { kind: 'table', files: { table: 'table.csv', original }, targetColumns: k },
    files: { [original]: bytes, 'table.csv': encoder.encode(tableCsv(ds, ds.featureNames ?? [], targets)) },
  };
}

/** One line per sample: its inputs, then its targets (class indices for classification). */
function tableCsv(ds: Dataset, inputNames: string[], targetNames: string[]): string {
  const f = ds.x.length / Math.max(1, ds.n);
  const k = ds.y.length / Math.max(1, ds.n);
  const inputs = inputNames.length === f ? inputNames : Array.from({ length: f }, (_, i) => `x${i + 1}`);
  const names = [...inputs, ...targetNames].map((n) => n.replace(/[,\r\n]/g, '_'));
  const lines = [names.join(',')];
  for (let i = 0; i < ds.n; i++) {
    // String() of a float32 value is its exact double: Python's float() reads it back bit for bit.
    const row = [...ds.x.subarray(i * f, (i + 1) * f), ...ds.y.subarray(i * k, (i + 1) * k)];
    lines.push(row.map(String).join(','));
  }
  return `${lines.join('\n')}\n`;
}
