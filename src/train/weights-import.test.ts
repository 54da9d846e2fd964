import { describe, expect, it } from 'vitest';
import { matchWeights, nothingMatchedMessage, weightsReportLines } from './weights-import';

const t = (name: string, shape: number[]) => ({ name, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1) });

describe('matchWeights', () => {
  const expected = [{ name: 'layer1.weight', shape: [2, 3] }, { name: 'layer1.bias', shape: [3] }, { name: 'layer2.weight', shape: [3, 1] }];

  it('matches by name and shape, and says why each other tensor did not load', () => {
    const file = [t('layer1.bias', [3]), t('layer2.weight', [3, 2]), t('extra', [1]), t('layer1.weight', [2, 3])];
    const { report, values } = matchWeights(expected, file);
    expect(report).toEqual({
      matched: ['layer1.weight', 'layer1.bias'],
      missing: [],
      shapeMismatch: [{ name: 'layer2.weight', expected: [3, 1], got: [3, 2] }],
      unexpected: [{ name: 'extra', shape: [1] }],
    });
    expect([...values.keys()]).toEqual([0, 1]);
    expect(values.get(0)).toBe(file[3].data);
    expect(weightsReportLines(report)).toEqual([
      '2 of 3 tensors matched and were loaded.',
      'layer2.weight: shape mismatch, the model has [3, 1], the file [3, 2]; not loaded.',
      'extra [1]: in the file but not in the model; ignored.',
    ]);
  });

  it('reports missing tensors and an empty match', () => {
    const { report, values } = matchWeights(expected, [t('a', [1]), t('b', [2]), t('c', [3]), t('d', [4])]);
    expect(values.size).toBe(0);
    expect(report.missing.map((m) => m.name)).toEqual(['layer1.weight', 'layer1.bias', 'layer2.weight']);
    expect(weightsReportLines(report)[1]).toBe('layer1.weight [2, 3]: missing from the file; it keeps its initial values.');
    expect(nothingMatchedMessage(report)).toMatch(/^No tensor in the weights file matches this model by name and shape \(the file holds a, b, c, …\); nothing was loaded\./);
  });
});
