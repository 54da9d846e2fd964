// Matching a weights file (safetensors: our runner's or page's export, a `train.py --save`
// file, any file with our names and shapes) against a model's tensors before loading it.
// A tensor loads when its name and shape both match; everything else is reported, with
// the reason, so that a partly matching file (transfer learning: a new last layer) loads
// what it can and says what it left at the seed's initial values. Pure: no backend.
import type { NamedTensor } from './safetensors';

export interface ExpectedTensor {
  name: string;
  shape: readonly number[];
}

/** What loading a weights file did, tensor by tensor (names in the model's order, then the file's). */
export interface WeightsReport {
  /** Loaded: same name, same shape. */
  matched: string[];
  /** The model has it, the file does not: it keeps its current values. */
  missing: { name: string; shape: number[] }[];
  /** Both have it with different shapes: not loaded. */
  shapeMismatch: { name: string; expected: number[]; got: number[] }[];
  /** The file has it, the model does not: ignored. */
  unexpected: { name: string; shape: number[] }[];
}

export interface WeightsMatch {
  report: WeightsReport;
  /** The file's values for each expected tensor that matched, by index into `expected`. */
  values: Map<number, Float32Array>;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

export function matchWeights(expected: readonly ExpectedTensor[], file: readonly NamedTensor[]): WeightsMatch {
  const byName = new Map(file.map((t) => [t.name, t]));
  const report: WeightsReport = { matched: [], missing: [], shapeMismatch: [], unexpected: [] };
  const values = new Map<number, Float32Array>();
  expected.forEach((e, i) => {
    const t = byName.get(e.name);
    if (!t) report.missing.push({ name: e.name, shape: [...e.shape] });
    else if (!sameShape(t.shape, e.shape)) report.shapeMismatch.push({ name: e.name, expected: [...e.shape], got: [...t.shape] });
    else {
      report.matched.push(e.name);
      values.set(i, t.data);
    }
  });
  const known = new Set(expected.map((e) => e.name));
  for (const t of file) if (!known.has(t.name)) report.unexpected.push({ name: t.name, shape: [...t.shape] });
  return { report, values };
}

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/** The report for people, one line each: a summary, then every tensor that did not load. */
export function weightsReportLines(report: WeightsReport): string[] {
  const total = report.matched.length + report.missing.length + report.shapeMismatch.length;
  const lines = [`${report.matched.length} of ${total} tensors matched and were loaded.`];
  for (const m of report.shapeMismatch) lines.push(`${m.name}: shape mismatch, the model has ${shapeText(m.expected)}, the file ${shapeText(m.got)}; not loaded.`);
  for (const m of report.missing) lines.push(`${m.name} ${shapeText(m.shape)}: missing from the file; it keeps its initial values.`);
  for (const u of report.unexpected) lines.push(`${u.name} ${shapeText(u.shape)}: in the file but not in the model; ignored.`);
  return lines;
}

/** Nothing loadable: the sentence the runner (exit 2) and the page (an alert) give. */
export function nothingMatchedMessage(report: WeightsReport): string {
  const names = report.unexpected.slice(0, 3).map((u) => u.name);
  const more = report.unexpected.length > 3 ? ', …' : '';
  const found = report.unexpected.length > 0 ? ` (the file holds ${names.join(', ')}${more})` : '';
  return `No tensor in the weights file matches this model by name and shape${found}; nothing was loaded. ` +
    'Weights load into a model whose layers have the same names (layer1.weight, …) and shapes.';
}
