// Completeness of every optimizer: each rule of the optimizer table has every part an
// optimizer needs, and the parts agree: the spec's fields and defaults, the CPU update,
// its WGSL in the generated kernel, the state slots and the UI fields. Fails when a part
// is missing or two parts disagree (a state slot the update does not write, a word the
// update reads but the trainer does not fill, a default outside its range, ...).
import { describe, expect, it } from 'vitest';
import { HYPER_WORDS, OPTIMIZER_FIELDS, OPTIMIZER_RULES, OPTIMIZER_TABLE, type Hyper, type OptimizerFieldName } from './optim-table';
import { MAX_STATE_SLOTS } from './optim-gen';
import { OPTIMIZER_RULE_NUMBERS, withOptimizerRules } from './webgpu/optim.gen';
import { OPTIM_HYPER, OPTIMIZER_STATE_SLOTS } from './kernels/optim';
import { optimizerUpdate } from './cpu/optim';
import { createCpuBackend } from './cpu/backend';
import * as spec from '../spec';
import { stateSlots, writeHyper } from '../train/optimizer';
import optimWgsl from '../../shaders/optim.wgsl?raw';

/** The optimizer types of experiment v1, in order (a fixed format: add, never rename). */
const V1_OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'];
const KERNEL = withOptimizerRules(optimWgsl);

function parseOptimizer(optimizer: Record<string, unknown>) {
  return spec.parseExperiment({
    version: 1,
    data: { dataset: 'spiral' },
    model: { layers: [{ type: 'dense', units: 2 }] },
    loss: 'softmaxCrossEntropy',
    optimizer,
    training: { batchSize: 8, epochs: 1 },
  });
}

/** The hyperparameter words a rule's CPU update reads (recorded through a proxy). */
function cpuWordsRead(rule: (typeof OPTIMIZER_RULES)[number]): Set<string> {
  const read = new Set<string>();
  const values = Object.fromEntries(HYPER_WORDS.map((w) => [w, 0.5])) as Hyper;
  const h = new Proxy(values, { get: (t, k: string) => (read.add(k), t[k as keyof Hyper]) });
  const n = 3;
  const state = Array.from({ length: OPTIMIZER_TABLE[rule].state.length }, () => new Float64Array(n));
  optimizerUpdate(rule, Float64Array.from([0.3, -0.2, 1]), Float64Array.from([0.1, 0.4, -0.7]), state, h, 1);
  return read;
}

describe('optimizers: one table, every part present', () => {
  it('the spec keeps the v1 types, in order, and lists exactly the table rules', () => {
    expect(spec.OPTIMIZERS.filter((o) => V1_OPTIMIZERS.includes(o))).toEqual(V1_OPTIMIZERS);
    expect([...spec.OPTIMIZERS]).toEqual([...OPTIMIZER_RULES]);
  });

  it('the generated kernel numbers the rules by their row, every marker spliced', () => {
    expect(OPTIMIZER_RULE_NUMBERS).toEqual(Object.fromEntries(OPTIMIZER_RULES.map((r, n) => [r, n])));
    expect(KERNEL).not.toMatch(/^\s*\/\/!OPTIM_/m);
    const struct = KERNEL.match(/struct Hyper \{([^}]*)\}/)![1];
    const fields = struct.split(',').map((f) => f.trim().split(':')[0]).filter(Boolean);
    expect(fields.slice(0, HYPER_WORDS.length)).toEqual([...HYPER_WORDS]);
    expect(fields.length).toBe(OPTIM_HYPER.words);
    HYPER_WORDS.forEach((w, i) => expect(OPTIM_HYPER[w]).toBe(i));
  });

  for (const rule of OPTIMIZER_RULES) {
    describe(rule, () => {
      const row = OPTIMIZER_TABLE[rule];
      const fields = Object.keys(row.defaults) as OptimizerFieldName[];
      const wgslWords = new Set([...row.wgsl.matchAll(/\bh\.(\w+)/g)].map((m) => m[1]));

      it('spec: parses with its defaults filled in, accepts them written out, and warns about settings it does not take', () => {
        const r = parseOptimizer({ type: rule, lr: 0.1 });
        expect(r.errors).toEqual([]);
        expect(r.experiment!.optimizer).toMatchObject(row.defaults);
        expect(spec.OPTIMIZER_DEFAULTS[rule]).toEqual(row.defaults);
        expect(parseOptimizer({ type: rule, lr: 0.1, ...row.defaults }).errors).toEqual([]);
        for (const other of Object.keys(OPTIMIZER_FIELDS).filter((f) => !(f in row.defaults))) {
          const paths = parseOptimizer({ type: rule, lr: 0.1, [other]: 0.5 }).warnings.map((w) => w.path);
          expect(paths, other).toContain(`optimizer.${other}`);
        }
      });

      it('state slots: declared once, within what the kernel binds, used by both updates', () => {
        const slots = row.state.length;
        expect(OPTIMIZER_STATE_SLOTS[rule]).toBe(slots);
        expect(stateSlots({ type: rule } as spec.OptimizerSpec)).toBe(slots);
        expect(slots).toBeLessThanOrEqual(MAX_STATE_SLOTS);
        for (let k = 0; k < MAX_STATE_SLOTS; k++) expect(row.wgsl.includes(`s${k}[i]`), `WGSL uses s${k}`).toBe(k < slots);
      });

      it('CPU update: moves the weights, writes every state slot, stays finite', () => {
        const b = createCpuBackend('f64');
        const p = b.upload([0.3, -0.2, 1], [3]);
        const state = Array.from({ length: row.state.length }, () => b.zeros([3]));
        const hyper = b.createUniforms(OPTIM_HYPER.words);
        writeHyper(hyper, parseOptimizer({ type: rule, lr: 0.1 }).experiment!.optimizer, { lr: 0.1, momentum: row.defaults.momentum ?? 0, weightDecay: 0.01, step: 0 });
        hyper.sync();
        b.optimizerStep(rule, p, b.upload([0.1, 0.4, -0.7], [3]), state, hyper);
        const after = Array.from(b.readSync(p));
        expect(after.every(Number.isFinite)).toBe(true);
        expect(after).not.toEqual([0.3, -0.2, 1]);
        state.forEach((s, k) => expect(Array.from(b.readSync(s)).some((v) => v !== 0), `state ${k} (${row.state[k]})`).toBe(true));
      });

      it('WGSL: its snippet is the case of its number in the generated kernel', () => {
        const n = OPTIMIZER_RULE_NUMBERS[rule];
        const body = row.wgsl.split('\n').map((line) => `      ${line}`).join('\n');
        expect(KERNEL).toContain(`    case ${n}u: { // ${rule}\n${body}\n    }`);
        expect(KERNEL.includes(`RULE == ${n}u`), 'decoupled decay').toBe(row.decay === 'decoupled');
      });

      it('hyperparameters: every word either update reads is one the trainer writes for this rule', () => {
        const block = createCpuBackend('f64').createUniforms(OPTIM_HYPER.words);
        block.f32.fill(NaN);
        const parsed = parseOptimizer({ type: rule, lr: 0.1 }).experiment!.optimizer;
        writeHyper(block, parsed, { lr: 0.1, momentum: 0, weightDecay: 0, step: 0 });
        const shared = ['weightDecay', 'l1', 'l2']; // the gradient both kernels build before the rule
        for (const word of new Set([...wgslWords, ...cpuWordsRead(rule), ...shared])) {
          expect(HYPER_WORDS as readonly string[], `${word} is a word`).toContain(word);
          expect(Number.isNaN(block.f32[OPTIM_HYPER[word as keyof Hyper]]), `${word} written`).toBe(false);
        }
        expect(cpuWordsRead(rule)).toEqual(new Set([...wgslWords, ...shared]));
      });

      it('UI: a label, and a field with a range holding its default for each setting it takes', () => {
        expect(spec.OPTIMIZER_LABELS[rule].trim()).not.toBe('');
        const settings = spec.optimizerSettings(rule);
        expect(settings.map((s) => s.field).sort()).toEqual([...fields].sort());
        for (const s of settings) {
          expect(s.label.trim(), s.field).not.toBe('');
          expect(s.step, s.field).toBeGreaterThan(0);
          const d = row.defaults[s.field]!;
          expect(d, s.field).toBeGreaterThanOrEqual(s.min);
          if (s.max !== undefined) expect(d, s.field).toBeLessThanOrEqual(s.max);
        }
      });
    });
  }
});
