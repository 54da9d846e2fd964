import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../spec';
import type { Experiment } from '../../spec';
import { differingSettings, flattenSettings, layersText } from './compare';

const base = defaultExperiment();
const change = (patch: (e: Experiment) => Experiment) => patch(structuredClone(base));

describe('the differing-settings table', () => {
  it('lists only the settings in which the runs differ, one value per run, usual ones first', () => {
    const fast = change((e) => ({ ...e, optimizer: { ...e.optimizer, lr: 0.1 } as Experiment['optimizer'] }));
    const sgd = change((e) => ({ ...e, optimizer: { type: 'sgd', lr: 0.05 } as Experiment['optimizer'], training: { ...e.training, epochs: 3 } }));
    const rows = differingSettings([base, fast, sgd]);
    const names = rows.map((r) => r.name);
    expect(names.slice(0, 3)).toEqual(['optimizer', 'lr', 'epochs']);
    const lr = rows.find((r) => r.name === 'lr')!;
    expect(lr.values).toEqual([String(base.optimizer.lr), '0.1', '0.05']);
    expect(rows.find((r) => r.name === 'optimizer')!.values).toEqual([base.optimizer.type, base.optimizer.type, 'sgd']);
    // adam's betas are missing from the sgd run: shown as a dash there, not hidden.
    if (base.optimizer.type === 'adam') expect(rows.find((r) => r.path === 'optimizer.beta1')!.values[2]).toBe('—');
    expect(names).not.toContain('batch');
    expect(names).not.toContain('seed');
    const seeded = differingSettings([base, { ...base, seed: 1512345678 }]);
    expect(seeded).toEqual([{ path: 'seed', name: 'seed', values: [String(base.seed), '1512345678'] }]);
  });

  it('shows nothing for one run or for identical runs, and the model as one setting', () => {
    expect(differingSettings([base])).toEqual([]);
    expect(differingSettings([base, structuredClone(base)])).toEqual([]);
    const deeper = change((e) => ({ ...e, model: { layers: [{ type: 'dense', units: 8, activation: 'tanh' }, ...e.model.layers] } as Experiment['model'] }));
    const [row] = differingSettings([base, deeper]);
    expect(row.name).toBe('layers');
    expect(row.values[1]).toBe(layersText(deeper.model.layers));
    expect(row.values[1]).toMatch(/^\d+: dense 8 tanh, /);
    expect(flattenSettings(base).has('version')).toBe(false);
  });
});
