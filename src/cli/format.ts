// Text the runner prints: the model summary table, metric numbers, the --json lines and
// the final result. Pure functions of their arguments (progress.ts owns the live bar).

import type { Issue, LayerSpec } from '../spec';
import { layerDef } from '../nn/layers/registry';
import type { ShapeReport } from '../nn/shapes';
import type { EvalMetrics, FinalMetrics, ProgressMetrics } from '../train/types';
import type { AdapterInfo } from './deps';
import { printable } from './text';

/**
 * `model.layers[1].rate: Layer 2 (dropout): ...`; issues about the whole input have no path.
 * Control characters are stripped: messages quote user values.
 */
export function formatIssue(issue: Issue): string {
  return printable(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
}

/** 1234 -> "1.23k", 5.6e9 -> "5.60G". */
export function si(value: number): string {
  const abs = Math.abs(value);
  for (const [scale, unit] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (abs >= scale) return `${(value / scale).toPrecision(3)}${unit}`;
  }
  return Number.isInteger(value) ? String(value) : value.toPrecision(3);
}

export function formatLoss(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e5 ? value.toExponential(3) : value.toFixed(4);
}

export function formatPercent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`;
}

export function describeAdapter(adapter: AdapterInfo): string {
  const software = adapter.backend === 'webgpu' && adapter.isSoftware ? ' (a software adapter: slow, fine for checks)' : '';
  return `backend ${adapter.backend}: ${adapter.label}${software}`;
}

/** "dense 16, tanh", "conv2d 32 5x5 same, relu", "dropout 0.4": each layer type's module says. */
export function describeLayer(layer: LayerSpec): string {
  return layerDef(layer.type).describe(layer);
}

/** The model as a table: layer, output shape, parameters, forward FLOPs per sample. */
export function summaryTable(summary: ShapeReport, layers: readonly LayerSpec[], inputShape: readonly number[]): string {
  const shape = (s: readonly number[] | null) => (s ? `[${s.join(', ')}]` : '?');
  const rows: string[][] = [['#', 'layer', 'output', 'params', 'FLOPs/sample']];
  rows.push(['', 'input', shape(inputShape), '', '']);
  for (const row of summary.layers) {
    const spec = layers[row.index];
    const frozen = spec?.trainable === false ? ' (frozen)' : '';
    rows.push([String(row.index + 1), (spec ? describeLayer(spec) : row.type) + frozen, shape(row.outputShape), row.params ? row.params.toLocaleString('en-US') : '-', row.flops ? si(row.flops) : '-']);
  }
  rows.push(['', 'total', '', summary.totalParams.toLocaleString('en-US'), si(summary.totalFlops)]);
  if (summary.frozenParams > 0) rows.push(['', 'frozen', '', summary.frozenParams.toLocaleString('en-US'), '']);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const right = [true, false, false, true, true];
  const line = (r: string[]) => r.map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]), rule, ...rows.slice(1, -1).map(line), rule, line(rows[rows.length - 1])].join('\n') + '\n';
}

/** One --json progress line; an evaluation adds its test metrics to the last progress values. */
export function jsonProgressLine(e: ProgressMetrics | EvalMetrics, last: { lr: number | null; samplesPerSec: number | null }): string {
  const base = { kind: e.kind, epoch: e.epoch, step: e.step, trainLoss: e.trainLoss };
  if (e.kind === 'progress') return JSON.stringify({ ...base, lr: e.lr, samplesPerSec: e.samplesPerSec });
  return JSON.stringify({
    ...base, lr: last.lr, samplesPerSec: last.samplesPerSec, testLoss: e.testLoss,
    ...(e.testAccuracy !== undefined ? { testAccuracy: e.testAccuracy } : {}),
    ...(e.testMse !== undefined ? { testMse: e.testMse } : {}),
    ...(e.trainAccuracy !== undefined ? { trainAccuracy: e.trainAccuracy } : {}),
  });
}

/** The last --json line: `final: true` first, then the contract's fields. */
export function jsonFinalLine(f: FinalMetrics): string {
  const { final: _final, ...rest } = f;
  return JSON.stringify({ final: true, ...rest });
}

export function finalText(f: FinalMetrics): string {
  const metric = f.testAccuracy !== undefined ? `, test accuracy ${formatPercent(f.testAccuracy)}`
    : f.testMse !== undefined ? `, test MSE ${formatLoss(f.testMse)}` : '';
  const why = f.reason === 'completed' ? '' : ` (stopped early: ${f.reason})`;
  return `Done${why}: ${f.epochs} epoch${f.epochs === 1 ? '' : 's'}, ${f.steps} steps in ${f.seconds.toFixed(1)} s; train loss ${formatLoss(f.trainLoss)}, test loss ${formatLoss(f.testLoss)}${metric}; ${si(f.samplesPerSec)} samples/s.\n`;
}
