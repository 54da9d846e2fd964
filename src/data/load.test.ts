import { describe, expect, it } from 'vitest';
import { contentHash } from './hash';
import { memoryIo } from './io';
import { DataLoadError, loadDataset } from './load';
import { nodeIo } from './node-io';

const labelsIn0to9 = (y: ArrayLike<number>) => Array.from(y).every((l) => Number.isInteger(l) && l >= 0 && l <= 9);
const noFiles = memoryIo({});

describe('loadDataset', () => {
  it('generates, splits and normalizes a synthetic set', async () => {
    const split = await loadDataset({ dataset: 'spiral', noise: 0.1, trainFraction: 0.8, normalize: 'standard' }, 1234, noFiles);
    expect([split.train.n, split.test.n]).toEqual([800, 200]);
    expect(split.stats.offset).toHaveLength(2);
    const again = await loadDataset({ dataset: 'spiral', noise: 0.1, trainFraction: 0.8, normalize: 'standard' }, 1234, noFiles);
    expect(again.test.x).toEqual(split.test.x);
    // Standardized with training statistics: the training part has mean 0 per feature.
    const mean = Array.from(split.train.x).filter((_, i) => i % 2 === 0).reduce((s, v) => s + v, 0) / split.train.n;
    expect(Math.abs(mean)).toBeLessThan(1e-5);
  });

  it('loads the committed MNIST subset and splits it by trainFraction', async () => {
    const split = await loadDataset({ dataset: 'mnist', trainFraction: 0.8, validationFraction: 0.1, normalize: 'scale' }, 1, nodeIo());
    expect([split.train.n, split.validation?.n, split.test.n]).toEqual([7200, 800, 2000]);
    expect(split.train).toMatchObject({ inputShape: [28, 28, 1], numClasses: 10, task: 'classification' });
    expect(labelsIn0to9(split.train.y) && labelsIn0to9(split.test.y)).toBe(true);
    expect(Math.max(...split.test.x.subarray(0, 784 * 20))).toBe(1);
    expect(new Set(split.test.y).size).toBe(10);
  });

  it('loads the committed Fashion-MNIST with its official 60,000 / 10,000 split', async () => {
    const split = await loadDataset({ dataset: 'fashion-mnist', normalize: 'none' }, 1, nodeIo());
    expect([split.train.n, split.test.n, split.validation]).toEqual([60000, 10000, undefined]);
    expect(split.train.x.length).toBe(60000 * 784);
    expect(split.test.classNames?.[9]).toBe('Ankle boot');
    expect(labelsIn0to9(split.train.y) && labelsIn0to9(split.test.y)).toBe(true);
    // The official test set is balanced: 1,000 images per class.
    const perClass = new Array(10).fill(0);
    for (const l of split.test.y) perClass[l]++;
    expect(perClass).toEqual(new Array(10).fill(1000));
  });

  it('loads a CSV through the io, checks its hash and reports what the parser found', async () => {
    const bytes = new TextEncoder().encode('a,b,y\n1,2,x\n3,4,z\n5,6,x\nbad\n7,8,z\n');
    const io = memoryIo({ 'table.csv': bytes });
    const csv = { file: 'table.csv', target: 'y', task: 'classification' as const, hash: await contentHash(bytes) };
    const split = await loadDataset({ dataset: 'csv', trainFraction: 0.5, csv }, 2, io);
    expect(split.train.n + split.test.n).toBe(4);
    expect(split.csv?.errors).toEqual([{ line: 5, message: 'Expected 3 fields, as in the header, but found 1.' }]);
    expect(split.train.classNames).toEqual(['x', 'z']);

    const wrongHash = loadDataset({ dataset: 'csv', csv: { ...csv, hash: '0'.repeat(64) } }, 2, io);
    await expect(wrongHash).rejects.toMatchObject({ path: 'data.csv.hash' });
    const noTarget = loadDataset({ dataset: 'csv', csv: { ...csv, hash: undefined, target: 'q' } }, 2, io);
    await expect(noTarget).rejects.toMatchObject({ path: 'data.csv.target', message: expect.stringMatching(/'q'/) });
    const missing = loadDataset({ dataset: 'csv', csv: { ...csv, file: 'other.csv' } }, 2, io);
    await expect(missing).rejects.toBeInstanceOf(DataLoadError);
    await expect(missing).rejects.toMatchObject({ path: 'data.csv.file' });
  });

  it('reads a CSV next to the experiment file with nodeIo', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'data-load-'));
    await writeFile(join(dir, 't.csv'), 'x,y\n1,0.5\n2,1.5\n3,2.5\n4,3.5\n');
    const split = await loadDataset({ dataset: 'csv', trainFraction: 0.5, csv: { file: 't.csv', target: 'y', task: 'regression' } }, 1, nodeIo(dir));
    expect(split.train.task).toBe('regression');
    expect(split.train.n).toBe(2);
    await expect(nodeIo(dir).readFile('nope.csv')).rejects.toThrow(/File not found/);
  });
});
