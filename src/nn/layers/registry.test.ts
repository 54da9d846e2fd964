// Completeness: every layer type of LAYER_TYPES has every part, so a new type cannot be
// half added. Each check names the type and the missing part. See "How to add a layer" in
// docs/architecture.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/cpu/backend';
import { decodeLink, experimentLink } from '../../experiment';
import { describeLayer, summaryTable } from '../../cli/format';
import { LAYER_SCHEMAS, LAYER_TYPES, layerSchema, type LayerSpec, type LayerType } from '../../spec';
import { PALETTE, newLayer } from '../../ui/model/layer-defaults';
import { inferShapes } from '../shapes';
import { runModel } from '../testing';
import { COMMON_FIELDS, fieldsOf } from './fields';
import { LAYERS, layerDef } from './registry';
import type { FieldDesc } from './types';

const DOCS = readFileSync(new URL('../../../docs/layers.md', import.meta.url), 'utf8');

/** Input shapes to try a layer's palette defaults on: the first that fits is used. */
const CANDIDATE_INPUTS = [[6, 5, 4], [12], [784]];

const accepts = (layer: unknown) => layerSchema.safeParse(layer).success;

/** The layer's defaults with only the fields its schema requires. */
function minimal(type: LayerType): Record<string, unknown> {
  const shape = LAYER_SCHEMAS[type].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const defaults = LAYERS[type].palette.defaults as Record<string, unknown>;
  return Object.fromEntries(Object.entries(defaults).filter(([key]) => key === 'type' || !shape[key]?.safeParse(undefined).success));
}

function fittingInput(layer: LayerSpec): number[] | undefined {
  return CANDIDATE_INPUTS.find((input) => inferShapes(input, [layer]).errors.length === 0);
}

/** The values a field's description promises the schema takes, and some it must refuse. */
function probes(f: FieldDesc): { ok: unknown[]; bad: unknown[] } {
  switch (f.kind) {
    case 'integer': return { ok: [f.min, f.max], bad: [f.min - 1, f.max + 1, f.min + 0.5] };
    case 'number': return { ok: [f.min, f.max - 1e-6], bad: [f.min - 1e-6, f.max + 1e-6] };
    case 'window': return { ok: [1, f.max, [1, f.max]], bad: [0, f.max + 1, [f.max + 1, 1]] };
    case 'choice': return { ok: [...f.options], bad: ['not an option'] };
    case 'shape': return { ok: [[-1]], bad: [[]] };
  }
}

/**
 * Parameter (then state) names per type, in initialisation order: a fixed format (weights
 * files and seeded runs depend on it), so a change here must be deliberate.
 */
const FIXED_NAMES: Record<LayerType, string[]> = {
  dense: ['weight', 'bias'],
  conv2d: ['filter', 'bias'],
  depthwiseConv2d: ['filter', 'bias'],
  separableConv2d: ['depthwiseFilter', 'pointwiseFilter', 'bias'],
  maxPool2d: [], avgPool2d: [], flatten: [], reshape: [], dropout: [], activation: [], globalAvgPool2d: [],
  batchNorm: ['gamma', 'beta', 'runningMean', 'runningVar'],
  layerNorm: ['gamma', 'beta'],
  groupNorm: ['gamma', 'beta'],
};

describe('the layer registry', () => {
  it('has exactly the types of LAYER_TYPES, each under its own name', () => {
    expect(Object.keys(LAYERS).sort()).toEqual([...LAYER_TYPES].sort());
    for (const type of LAYER_TYPES) expect(LAYERS[type].type).toBe(type);
  });

  for (const type of LAYER_TYPES) {
    describe(type, () => {
      const def = LAYERS[type];
      const layer = layerSchema.parse(def.palette.defaults);

      it('spec: its schema accepts a minimal example and its palette defaults', () => {
        expect(LAYER_SCHEMAS[type], `no schema for ${type} in src/spec/layers.ts`).toBeDefined();
        const small = minimal(type);
        expect(accepts(small), JSON.stringify(small)).toBe(true);
        expect(accepts(def.palette.defaults)).toBe(true);
        expect(accepts({ ...small, surplus: 1 })).toBe(false);
      });

      it('shape inference: a shape, parameter and FLOP count for some input', () => {
        const input = fittingInput(layer);
        expect(input, `${type}'s defaults fit none of ${JSON.stringify(CANDIDATE_INPUTS)}`).toBeDefined();
        const report = inferShapes(input!, [layer]);
        expect(report.outputShape!.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
        for (const n of [report.totalParams, report.totalFlops]) expect(Number.isInteger(n) && n >= 0).toBe(true);
      });

      it('forward and backward run on the CPU; parameters match the count', () => {
        const input = fittingInput(layer)!;
        const report = inferShapes(input, [layer]);
        const cpu = createCpuBackend('f32');
        const run = runModel(cpu, input, [layer], { batch: 2 });
        expect(run.y.shape).toEqual([2, ...report.outputShape!]);
        expect(Array.from(cpu.readSync(run.y)).every(Number.isFinite)).toBe(true);
        expect(run.model.params.reduce((n, p) => n + p.shape.reduce((a, d) => a * d, 1), 0)).toBe(report.totalParams);
        run.paramGrads.forEach((g, i) => expect(g?.shape, run.model.params[i].name).toEqual(run.model.params[i].shape));
        expect(run.inputGrad?.shape).toEqual(run.x.shape);
        expect([...run.model.params, ...run.model.state].map((p) => p.name)).toEqual(FIXED_NAMES[type].map((n) => `layer1.${n}`));
      });

      it('UI: a palette entry, and a field description for every schema field', () => {
        const entry = PALETTE.find((p) => p.type === type);
        expect(entry?.name).toBe(def.palette.name);
        expect(def.palette.name.length > 0 && def.palette.hint.length > 0).toBe(true);
        expect(newLayer(type)).toEqual(def.palette.defaults);
        const described = new Set([...def.fields, ...COMMON_FIELDS].map((f) => f.key));
        // `trainable` is the layer card's Freeze toggle, not a field of the settings form.
        const keys = Object.keys(LAYER_SCHEMAS[type].shape).filter((k) => k !== 'type' && k !== 'trainable');
        for (const key of keys) expect(described.has(key), `${type}.${key} has no field description`).toBe(true);
        for (const f of def.fields) expect(keys, `${type} describes ${f.key}, which its schema lacks`).toContain(f.key);
        for (const f of fieldsOf(layerDef(type))) {
          expect(f.label.length > 0 && f.help.length > 0, `${type}.${f.key} needs a label and help`).toBe(true);
          const { ok, bad } = probes(f);
          const base = { ...(def.palette.defaults as Record<string, unknown>) };
          for (const v of ok) expect(accepts({ ...base, [f.key]: v }), `${type}.${f.key} = ${JSON.stringify(v)}`).toBe(true);
          for (const v of bad) expect(accepts({ ...base, [f.key]: v }), `${type}.${f.key} = ${JSON.stringify(v)}`).toBe(false);
        }
      });

      it('docs: a row in the layer table of docs/layers.md', () => {
        expect(DOCS, `docs/layers.md has no row for ${type}`).toMatch(new RegExp(`^\\| \`${type}\` \\|`, 'm'));
      });

      it('CLI: a summary line', () => {
        const text = describeLayer(layer);
        expect(text.startsWith(type)).toBe(true);
        const input = fittingInput(layer)!;
        expect(summaryTable(inferShapes(input, [layer]), [layer], input)).toContain(text);
      });

      it('share links: an experiment using it round-trips and validates', async () => {
        const input = fittingInput(layer)!;
        const experiment = {
          version: 1 as const, seed: 3,
          data: { dataset: 'spiral' as const },
          model: { layers: [layer, { type: 'flatten' as const }, { type: 'dense' as const, units: 2 }] },
          loss: 'softmaxCrossEntropy' as const, optimizer: { type: 'sgd' as const, lr: 0.1 },
          training: { batchSize: 4, epochs: 1 },
        };
        const decoded = await decodeLink(await experimentLink('https://example.org/', experiment), { inputShape: input });
        expect(decoded.errors).toEqual([]);
        expect(decoded.experiment?.model.layers[0]).toEqual(layer);
      });
    });
  }
});
