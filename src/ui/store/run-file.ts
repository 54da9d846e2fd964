import type { Experiment } from '../../spec';
import { validateExperiment } from '../../experiment';
import type { Issue } from '../../spec';
import { newRunId } from './run-record';
import type { RunWeights, StoredFinal, StoredRun, StoredStatus } from './run-record';
import type { EvalPoint, HistoryEntry, ProgressPoint } from './run-slice';
import { readCurves } from './robustness-record';

// Files of one run: "Download run" writes the experiment, the weights (base64 of the
// little-endian float32 bytes), the metrics and the history entry as one JSON file that
// "Open experiment" reads back (told apart from a plain experiment by `"playgroundRun": 1`).
// The metrics also download alone, as CSV and JSON.

export const RUN_FILE_VERSION = 1;

export interface RunFileTensor {
  name: string;
  shape: number[];
  /** Base64 of the float32 values' bytes, little-endian. */
  base64: string;
}

export interface RunFile {
  playgroundRun: 1;
  experiment: Experiment;
  /** The "Run history" entry (its metrics included). */
  run: StoredRun;
  weights: RunFileTensor[] | null;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toBase64(data: Float32Array): string {
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(base64: string): Float32Array {
  const text = atob(base64);
  if (text.length % 4 !== 0) throw new Error('its length is not a whole number of float32 values');
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  if (littleEndian) return new Float32Array(bytes.buffer);
  const view = new DataView(bytes.buffer);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

export function encodeRunFile(run: StoredRun, weights: RunWeights | undefined | null): string {
  const file: RunFile = {
    playgroundRun: 1,
    experiment: run.experiment,
    run,
    weights: weights ? weights.map((t) => ({ name: t.name, shape: [...t.shape], base64: toBase64(t.data) })) : null,
  };
  return JSON.stringify(file);
}

export const isRunFile = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as { playgroundRun?: unknown }).playgroundRun !== undefined;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown, max = 500): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((p) => typeof p === 'object' && p !== null) : []);
const STATUSES: StoredStatus[] = ['finished', 'stopped', 'diverged'];

/** Only numeric fields of a metric point; points without a numeric step are dropped. */
function points<T>(v: unknown): T[] {
  return list(v).filter((p) => typeof p.step === 'number').map((p) =>
    Object.fromEntries(Object.entries(p).filter(([, x]) => typeof x === 'number')) as T);
}

export interface OpenedRunFile {
  experiment: Experiment | null;
  run: StoredRun | null;
  weights: RunWeights | null;
  errors: Issue[];
  warnings: Issue[];
}

/** Reads a run file: the experiment validated as any experiment file, the entry rebuilt field by field. */
export function readRunFile(value: unknown): OpenedRunFile {
  const v = value as Record<string, unknown>;
  if (v.playgroundRun !== RUN_FILE_VERSION) {
    return { experiment: null, run: null, weights: null, warnings: [], errors: [{ path: 'playgroundRun', message: `This run file has version ${String(v.playgroundRun)}; this page reads version ${RUN_FILE_VERSION}.` }] };
  }
  const checked = validateExperiment(v.experiment);
  if (!checked.experiment) return { experiment: null, run: null, weights: null, errors: checked.errors, warnings: [] };
  const experiment = checked.experiment;
  const r = (typeof v.run === 'object' && v.run !== null ? v.run : {}) as Record<string, unknown>;
  const metrics = (r.metrics ?? {}) as Record<string, unknown>;
  const f = (r.final ?? {}) as Record<string, unknown>;
  const progress = points<ProgressPoint>(metrics.progress);
  const final: StoredFinal = {
    steps: num(f.steps) ?? progress.at(-1)?.step ?? 0,
    epochs: num(f.epochs), trainLoss: num(f.trainLoss), testLoss: num(f.testLoss) ?? NaN,
    testAccuracy: num(f.testAccuracy), testMse: num(f.testMse),
  };
  const t = (r.timings ?? {}) as Record<string, unknown>;
  const number = Math.max(1, Math.floor(num(r.number) ?? 1));
  const run: StoredRun = {
    format: 1,
    id: str(r.id, 100) ?? newRunId(),
    number,
    name: str(r.name, 200) || `Run ${number}`,
    endedAt: num(r.endedAt) ?? Date.now(),
    startedAt: num(r.startedAt) ?? null,
    status: STATUSES.includes(r.status as StoredStatus) ? r.status as StoredStatus : 'stopped',
    experiment,
    params: num(r.params) ?? null,
    adapter: str(r.adapter, 200) ?? null,
    backend: experiment.backend,
    timings: { seconds: num(t.seconds) ?? null, samplesPerSec: num(t.samplesPerSec) ?? null, msPerStep: num(t.msPerStep) ?? null },
    metrics: { progress, evals: points<EvalPoint>(metrics.evals) },
    final,
    events: list(r.events).filter((e) => typeof e.step === 'number' && typeof e.text === 'string')
      .map((e) => ({ step: e.step as number, text: (e.text as string).slice(0, 300) }) satisfies HistoryEntry),
    hasWeights: false,
  };
  const curves = readCurves(r.robustness);
  if (curves) run.robustness = curves;
  const warnings = [...checked.warnings];
  let weights: RunWeights | null = null;
  if (Array.isArray(v.weights)) {
    try {
      weights = list(v.weights).map((w, i) => {
        const shape = Array.isArray(w.shape) && w.shape.every((d) => Number.isInteger(d) && d >= 0) ? w.shape as number[] : null;
        if (!shape || typeof w.base64 !== 'string') throw new Error(`tensor ${i + 1} has no shape or data`);
        const data = fromBase64(w.base64);
        if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`tensor ${i + 1} has ${data.length} values for shape [${shape.join(', ')}]`);
        return { name: str(w.name, 200) ?? `tensor ${i + 1}`, shape, data };
      });
    } catch (e) {
      weights = null;
      warnings.push({ path: 'weights', message: `The weights could not be read (${e instanceof Error ? e.message : String(e)}); the run opened without them.` });
    }
  }
  return { experiment, run, weights, errors: [], warnings };
}

const CSV_COLUMNS = ['kind', 'step', 'epoch', 'trainLoss', 'testLoss', 'testAccuracy', 'trainAccuracy', 'testMse', 'lr', 'samplesPerSec', 'msPerStep'] as const;

/** One row per progress point ("progress") and per evaluation ("eval"), by step. */
export function metricsCsv(run: StoredRun): string {
  const rows: Record<string, unknown>[] = [
    ...run.metrics.progress.map((p) => ({ kind: 'progress', ...p })),
    ...run.metrics.evals.map((e) => ({ kind: 'eval', ...e })),
  ].sort((a, b) => (a.step as number) - (b.step as number) || (a.kind === 'progress' ? -1 : 1));
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function metricsJson(run: StoredRun): string {
  const { name, status, final, timings, metrics, experiment } = run;
  return JSON.stringify({ name, status, final, timings, experiment, progress: metrics.progress, evals: metrics.evals }, null, 2) + '\n';
}

/** A file name from the run's name: letters, digits and dashes only. */
export function runFileName(run: StoredRun, suffix: string): string {
  const base = run.name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 80) || 'run';
  return `${base}${suffix}`;
}
