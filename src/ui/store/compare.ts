import type { Experiment, LayerSpec } from '../../spec';
import { formatValue } from '../format';

// Comparing stored runs: which settings differ between them (the "Compared runs" table
// shows only those, beside the final metrics) and a colour per run for the charts.

/** At most this many runs are drawn over the charts at once; the oldest compared drops out. */
export const MAX_COMPARED = 6;

/** Short names for the settings people compare most; any other field shows by its path. */
const SETTING_NAMES: Record<string, string> = {
  'optimizer.type': 'optimizer',
  'optimizer.lr': 'lr',
  'training.batchSize': 'batch',
  'training.epochs': 'epochs',
  'model.layers': 'layers',
  'data.dataset': 'dataset',
  seed: 'seed',
  loss: 'loss',
  'schedule.type': 'schedule',
  backend: 'backend',
};
/** Order of the table's columns: the usual suspects first, then the rest by path. */
const FIRST = Object.keys(SETTING_NAMES);

function layerText(l: LayerSpec): string {
  const r = l as Record<string, unknown>;
  const size = r.units ?? r.filters ?? r.rate ?? '';
  const act = r.activation && r.activation !== 'linear' ? ` ${String(r.activation)}` : '';
  return `${l.type}${size !== '' ? ` ${String(size)}` : ''}${act}`;
}

/** The model in one cell: "3: dense 16 relu, dropout 0.1, dense 2". */
export function layersText(layers: readonly LayerSpec[]): string {
  return `${layers.length}: ${layers.map(layerText).join(', ')}`;
}

function valueText(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatValue(v); // seeds, sizes: every digit
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Every leaf setting of an experiment by path; the layer list counts as one setting. */
export function flattenSettings(e: Experiment): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (path === 'model.layers') { out.set(path, layersText(value as LayerSpec[])); return; }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    out.set(path, valueText(value));
  };
  walk(e, '');
  out.delete('version');
  return out;
}

export interface DifferingSetting {
  path: string;
  /** "lr", "batch", … or the path for the less common fields. */
  name: string;
  /** One value per run, in the runs' order ("—" where a run does not have the field). */
  values: string[];
}

/** The settings in which the runs differ (all of them when only one run is given: none). */
export function differingSettings(experiments: readonly Experiment[]): DifferingSetting[] {
  const flat = experiments.map(flattenSettings);
  const paths = new Set(flat.flatMap((f) => [...f.keys()]));
  const rows: DifferingSetting[] = [];
  for (const path of paths) {
    const values = flat.map((f) => f.get(path) ?? '—');
    if (values.some((v) => v !== values[0])) rows.push({ path, name: SETTING_NAMES[path] ?? path, values });
  }
  const rank = (p: string) => (FIRST.includes(p) ? FIRST.indexOf(p) : FIRST.length);
  return rows.sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
}

/** Distinct colours for compared runs, by the run's number so a run keeps its colour. */
export const RUN_COLOURS = ['#7c3aed', '#db2777', '#0891b2', '#65a30d', '#b45309', '#4f46e5'] as const;
export const runColour = (number: number) => RUN_COLOURS[(Math.max(1, number) - 1) % RUN_COLOURS.length];
