import { layerLabel } from '../spec';
import type { Issue, LayerSpec } from '../spec';
import type { ShapeReport } from '../nn/shapes';

/** The two GPUAdapter limits that bound one tensor (every tensor is one storage buffer). */
export interface DeviceLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

const F32 = 4;

export function formatBytes(bytes: number, digits = 1): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(digits)} ${units[unit]}`;
}

/** The tighter of the two limits, with a phrase naming it. */
function tightest(limits: DeviceLimits): { bytes: number; name: string } {
  return limits.maxStorageBufferBindingSize <= limits.maxBufferSize
    ? { bytes: limits.maxStorageBufferBindingSize, name: 'maxStorageBufferBindingSize' }
    : { bytes: limits.maxBufferSize, name: 'maxBufferSize' };
}

/**
 * Each layer's activations (batch x outputs) and weights must fit one GPU buffer binding,
 * and so must all parameters together (the optimizers update one flat parameter buffer).
 */
export function checkLimits(summary: ShapeReport, batchSize: number, layers: LayerSpec[], limits: DeviceLimits): Issue[] {
  const limit = tightest(limits);
  const over = (bytes: number) => bytes > limit.bytes;
  const allowed = `this GPU allows ${formatBytes(limit.bytes)} per buffer (${limit.name})`;
  const issues: Issue[] = [];
  for (const row of summary.layers) {
    if (!row.outputShape) continue;
    const label = layerLabel(row.index, layers[row.index]?.type);
    const outputs = row.outputShape.reduce((a, b) => a * b, 1);
    const activationBytes = batchSize * outputs * F32;
    if (over(activationBytes)) {
      issues.push({
        path: `model.layers[${row.index}]`,
        message: `${label} produces ${batchSize} x ${outputs} values per batch (${formatBytes(activationBytes)}), but ${allowed}; lower training.batchSize or make the layer smaller.`,
      });
    }
    if (over(row.params * F32)) {
      issues.push({
        path: `model.layers[${row.index}]`,
        message: `${label} has ${row.params} weights (${formatBytes(row.params * F32)}), but ${allowed}; make the layer smaller.`,
      });
    }
  }
  const allBytes = summary.totalParams * F32;
  if (issues.length === 0 && over(allBytes)) {
    issues.push({
      path: 'model.layers',
      message: `The model has ${summary.totalParams} parameters (${formatBytes(allBytes)}), but ${allowed}; make some layers smaller.`,
    });
  }
  return issues;
}
