import { beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../data/hash';
import { appStore } from '../store';
import { setRunStorage } from '../store/history-slice';
import { FakeStorage } from '../store/fake-storage';
import { csvFiles } from './csv-files';
import { recallCsv, rememberCsv } from './csv-store';

const bytes = new TextEncoder().encode('x,y,label\n1,2,a\n3,4,b\n');
let storage: FakeStorage;
beforeEach(() => { storage = new FakeStorage(); setRunStorage(storage); csvFiles.clear(); appStore.setState({ storageProblem: null }); });

describe('uploaded CSV files kept by content hash', () => {
  it('stores a file by its SHA-256 and finds it again for a spec that names it', async () => {
    const hash = await rememberCsv('points.csv', bytes);
    expect(hash).toBe(await contentHash(bytes));
    expect(storage.csv.get(hash)?.name).toBe('points.csv');
    const before = appStore.getState().csvRestored;
    // A reload: the in-memory map is empty, the link still names the file and its hash.
    expect(await recallCsv({ file: 'points.csv', target: 'label', task: 'classification', hash })).toBe(true);
    expect(csvFiles.get('points.csv')).toEqual(bytes);
    expect(appStore.getState().csvRestored).toBe(before + 1);
  });

  it('finds nothing without a hash or for another hash, and says when the file cannot be kept', async () => {
    await rememberCsv('points.csv', bytes);
    expect(await recallCsv({ file: 'points.csv', target: 'label', task: 'classification' })).toBe(false);
    expect(await recallCsv({ file: 'points.csv', target: 'label', task: 'classification', hash: '0'.repeat(64) })).toBe(false);
    expect(csvFiles.has('points.csv')).toBe(false);
    storage.full = true;
    await rememberCsv('big.csv', bytes);
    expect(appStore.getState().storageProblem).toMatchObject({ full: true });
    expect(appStore.getState().storageProblem!.message).toMatch(/big\.csv/);
    storage.unavailable = true;
    expect(await recallCsv({ file: 'x.csv', target: 'label', task: 'classification', hash: 'ab' })).toBe(false);
  });
});
