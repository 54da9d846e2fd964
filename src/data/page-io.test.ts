import { describe, expect, test } from 'vitest';
import type { DataIo } from './io';
import { DATA_FILES, DataLoadError, loadDataset } from './load';
import { chooseCsvMessage, pageDataIo } from './page-io';

/** A stand-in for fetchIo that records what it was asked for. */
function site(): DataIo & { asked: string[] } {
  const asked: string[] = [];
  return { asked, async readFile(path) { asked.push(path); return new Uint8Array([1, 2, 3]); } };
}

const csv = new TextEncoder().encode('x,y,label\n0,0,a\n1,1,b\n0,1,a\n1,0,b\n2,2,a\n');
const csvData = (file: string) => ({ dataset: 'csv' as const, csv: { file, target: 'label', task: 'classification' as const } });

describe('pageDataIo: built-in files from the site, a CSV only from the chosen files', () => {
  test('built-in paths go to the site', async () => {
    const s = site();
    const io = pageDataIo({}, s);
    await io.readFile(DATA_FILES.mnist.images);
    await io.readFile(DATA_FILES.fashionMnist.testLabels);
    expect(s.asked).toEqual([DATA_FILES.mnist.images, DATA_FILES.fashionMnist.testLabels]);
  });

  test.each(['https://example.invalid/x.csv', '//example.invalid/x.csv', 'table.csv', '/data/other.csv', 'data:text/csv,a', 'constructor', '__proto__', 'toString'])(
    'a CSV named %s and not chosen is never fetched: the error asks for the file', async (file) => {
      const s = site();
      const load = loadDataset(csvData(file), 1, pageDataIo({}, s));
      await expect(load).rejects.toBeInstanceOf(DataLoadError);
      await expect(load).rejects.toMatchObject({ path: 'data.csv.file', message: chooseCsvMessage(file) });
      expect(s.asked).toEqual([]);
    });

  test('a chosen CSV is read by name, even one whose name is a URL', async () => {
    const s = site();
    const file = 'https://example.invalid/x.csv';
    const split = await loadDataset(csvData(file), 1, pageDataIo({ [file]: csv }, s));
    expect(split.train.n + split.test.n).toBe(5);
    expect(s.asked).toEqual([]);
  });

  test('the sentence names the file and says what to do', () => {
    expect(chooseCsvMessage('table.csv')).toBe("This experiment trains on 'table.csv'; choose that file under CSV file in the Data panel.");
  });
});
