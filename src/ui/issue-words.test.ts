import { describe, expect, it } from 'vitest';
import { defaultExperiment, parseExperiment } from '../spec';
import { validateExperiment } from '../experiment';
import { humanMessage, pathWords } from './issue-words';

describe('page messages in words', () => {
  const root = defaultExperiment();

  it('names layers by number and type and fields by their label', () => {
    expect(pathWords('model.layers[2].units', root)).toBe('Layer 3 (Dense): units');
    expect(pathWords('model.layers[1]', root)).toBe('Layer 2 (Dropout)');
    expect(pathWords('training.batchSize', root)).toBe('Batch size');
    expect(pathWords('optimizer.l1', root, false)).toBe('L1 penalty');
    expect(pathWords('data.features[1]', root, false)).toBe('input features');
    expect(pathWords('nowhere.at.all', root)).toBeNull();
  });

  it('rewrites the validator\u2019s sentences, fix included', () => {
    const bad = structuredClone(root) as unknown as { model: { layers: Record<string, unknown>[] } };
    bad.model.layers[0].units = 0;
    const [issue] = parseExperiment(bad).errors;
    expect(issue.path).toBe('model.layers[0].units'); // the runner keeps its path
    expect(humanMessage(issue.message, bad)).toBe('Layer 1 (Dense): units must be a whole number from 1 to 65,536; got 0.');
  });

  it('names shape and task problems in words', () => {
    const conv = { ...root, model: { layers: [{ type: 'conv2d', filters: 8, kernelSize: 3 }, { type: 'dense', units: 2 }] } };
    const [shape] = validateExperiment(conv).errors;
    expect(humanMessage(shape.message, conv)).toMatch(/^Layer 1 \(Conv2D\) needs an image input/);
    const wrong = { ...root, data: { ...root.data, trainFraction: 0.7, validationFraction: 0.4 } };
    const issue = validateExperiment(wrong).errors.find((e) => e.path === 'data.validationFraction')!;
    expect(humanMessage(issue.message, wrong)).toBe('Validation fraction plus train fraction must stay below 1 to leave a test split; got 0.4 + 0.7. Lower one of them.');
  });

  it('leaves unknown words, short numbers and decimals alone', () => {
    expect(humanMessage('got 0.00001 and 1234 and data.unknownThing.')).toBe('got 0.00001 and 1234 and data.unknownThing.');
    expect(humanMessage('Layer 2 (dense): Invalid input')).toBe('Layer 2 (Dense): Invalid input');
  });
});
