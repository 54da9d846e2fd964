// Completeness of every activation: each layer activation of the spec is a row of the
// pointwise table (or the one non-pointwise activation, softmax) with every part an
// activation needs. Fails when a row, a spec value, a kernel, an alpha default or a UI
// label is missing or inconsistent.
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_LABELS, LAYER_ACTIVATIONS, NON_POINTWISE_ACTIVATIONS, POINTWISE_ACTIVATIONS, POINTWISE_TABLE, UNARY_OPS,
  defaultAlpha, type UnaryOp,
} from './pointwise-table';
import { POINTWISE_CPU } from './cpu/pointwise.gen';
import { POINTWISE_WGSL, withPointwise } from './webgpu/pointwise.gen';
import { createCpuBackend } from './cpu/backend';
import * as spec from '../spec';
import unaryWgsl from '../../shaders/unary.wgsl?raw';

/** The activation values of experiment v1, in order (a fixed format: add, never rename). */
const V1_ACTIVATIONS = ['linear', 'relu', 'leakyRelu', 'elu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softplus', 'softmax'];

const readsAlpha = (op: UnaryOp) => /\ba\b/.test(POINTWISE_TABLE[op].f) || /\ba\b/.test(POINTWISE_TABLE[op].df);

function parseLayers(layers: unknown[]) {
  return spec.parseExperiment({
    version: 1,
    data: { dataset: 'spiral' },
    model: { layers },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'sgd', lr: 0.1 },
    training: { batchSize: 8, epochs: 1 },
  });
}

describe('activations: one table, every part present', () => {
  it('the spec keeps the v1 values, in order, and lists exactly the table activations plus softmax', () => {
    expect(spec.ACTIVATIONS.filter((a) => V1_ACTIVATIONS.includes(a))).toEqual(V1_ACTIVATIONS);
    expect([...spec.ACTIVATIONS]).toEqual([...POINTWISE_ACTIVATIONS, ...Object.keys(NON_POINTWISE_ACTIVATIONS)]);
    expect([...spec.ACTIVATIONS]).toEqual([...LAYER_ACTIVATIONS]);
    expect(new Set(spec.ACTIVATIONS).size).toBe(spec.ACTIVATIONS.length);
  });

  for (const act of spec.ACTIVATIONS) {
    describe(act, () => {
      it('the spec accepts it on a layer and as an activation layer', () => {
        const r = parseLayers([{ type: 'dense', units: 4, activation: act }, { type: 'activation', activation: act }, { type: 'dense', units: 2 }]);
        expect(r.errors).toEqual([]);
        expect(r.experiment!.model.layers.map((l) => l.activation)).toEqual([act, act, undefined]);
      });

      it('has a UI label', () => {
        expect(typeof ACTIVATION_LABELS[act]).toBe('string');
        expect(ACTIVATION_LABELS[act].trim()).not.toBe('');
        expect(spec.ACTIVATION_LABELS[act]).toBe(ACTIVATION_LABELS[act]);
      });

      if (act in NON_POINTWISE_ACTIVATIONS) {
        it('is not elementwise: its own op on both backends, no alpha', () => {
          expect(act in POINTWISE_TABLE).toBe(false);
          const cpu = createCpuBackend('f64');
          const y = cpu.softmax(cpu.upload([1, 2, 3], [1, 3]));
          expect(Array.from(cpu.readSync(y)).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
          expect(typeof cpu.softmaxGrad).toBe('function');
          expect(spec.ACTIVATION_ALPHA_DEFAULTS[act]).toBeUndefined();
        });
        return;
      }

      const op = act as UnaryOp;
      it('is a pointwise row marked activation, with CPU and WGSL forward and derivative', () => {
        expect(POINTWISE_TABLE[op]?.activation).toBeDefined();
        for (const x of [-1.5, 0.5, 2]) {
          const a = defaultAlpha(op);
          const y = POINTWISE_CPU[op].f(x, a);
          expect(Number.isFinite(y), `${op}.f(${x})`).toBe(true);
          expect(Number.isFinite(POINTWISE_CPU[op].df(x, y, a)), `${op}.df(${x})`).toBe(true);
        }
        expect(POINTWISE_WGSL[op]).toContain(`fn op_f(x: f32, a: f32) -> f32 { return ${POINTWISE_TABLE[op].f}; }`);
        expect(POINTWISE_WGSL[op]).toContain(`fn op_df(x: f32, y: f32, a: f32) -> f32 { return ${POINTWISE_TABLE[op].df}; }`);
        expect(withPointwise(unaryWgsl, op)).not.toContain('//!POINTWISE');
      });

      it('has an alpha default exactly when it reads alpha, and the spec and the engine agree on it', () => {
        const row = POINTWISE_TABLE[op];
        expect(row.alpha !== undefined, `${op}: reads a = ${readsAlpha(op)}, default ${row.alpha}`).toBe(readsAlpha(op));
        expect(spec.ACTIVATION_ALPHA_DEFAULTS[act]).toBe(row.alpha);
        expect(defaultAlpha(op)).toBe(row.alpha ?? 0);
        const layer = parseLayers([{ type: 'dense', units: 2, activation: act }]).experiment!.model.layers[0];
        expect(layer.alpha).toBe(row.alpha);
        if (row.alpha !== undefined) {
          // The default must be a value the spec accepts when written out.
          expect(parseLayers([{ type: 'dense', units: 2, activation: act, alpha: row.alpha }]).errors).toEqual([]);
        }
      });
    });
  }

  it('plain math rows (not activations) take no alpha, and the spec rejects them as activations', () => {
    for (const op of UNARY_OPS.filter((o) => !POINTWISE_TABLE[o].activation)) {
      expect(readsAlpha(op), op).toBe(false);
      expect(POINTWISE_TABLE[op].alpha, op).toBeUndefined();
      expect(parseLayers([{ type: 'dense', units: 2, activation: op }]).errors.map((e) => e.path)).toEqual(['model.layers[0].activation']);
    }
  });
});
