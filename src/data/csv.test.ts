import { describe, expect, it } from 'vitest';
import { contentHash, CsvError, parseCsv } from './csv';

const IRIS_LIKE = `sepal,petal,color,species
5.1,1.4,red,setosa
7.0,4.7,blue,versicolor
6.3,6.0,red,virginica
4.9,1.4,green,setosa
`;

describe('parseCsv', () => {
  it('reads numbers, one-hot encodes text features and maps classes', () => {
    const r = parseCsv(IRIS_LIKE, { target: 'species', task: 'classification' });
    expect(r.errors).toEqual([]);
    expect(r.dataset).toMatchObject({ task: 'classification', inputShape: [5], numClasses: 3, n: 4 });
    expect(r.dataset.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(r.dataset.featureNames).toEqual(['sepal', 'petal', 'color=blue', 'color=green', 'color=red']);
    expect(Array.from(r.dataset.x.subarray(0, 5))).toEqual([5.099999904632568, 1.399999976158142, 0, 0, 1]);
    expect(Array.from(r.dataset.x.subarray(15, 20))).toEqual([4.900000095367432, 1.399999976158142, 0, 1, 0]);
    expect(Array.from(r.dataset.y)).toEqual([0, 1, 2, 0]);
    expect(r.columns.map((c) => [c.name, c.kind, c.role])).toEqual([
      ['sepal', 'numeric', 'feature'], ['petal', 'numeric', 'feature'],
      ['color', 'categorical', 'feature'], ['species', 'categorical', 'target'],
    ]);
    expect(r.classBalance).toEqual([{ name: 'setosa', count: 2 }, { name: 'versicolor', count: 1 }, { name: 'virginica', count: 1 }]);
    expect(r.preview[0]).toEqual(['5.1', '1.4', 'red', 'setosa']);
  });

  it('sorts integer class labels numerically and merges 1 and 1.0', () => {
    const r = parseCsv('a,label\n1,10\n2,2\n3,1.0\n4,1\n', { target: 'label', task: 'classification' });
    expect(r.dataset.classNames).toEqual(['1', '2', '10']);
    expect(Array.from(r.dataset.y)).toEqual([2, 1, 0, 0]);
  });

  it('detects the separator from the header', () => {
    expect(parseCsv('a\tb\tc\n1\t2\t0\n3\t4\t1\n', { target: 'c', task: 'classification' }).dataset.inputShape).toEqual([2]);
    expect(parseCsv('"a,1";b;c\n1;2;0\n3;4;1\n', { target: 'c', task: 'classification' }).dataset.featureNames).toEqual(['a,1', 'b']);
  });

  it('reads a regression target as a number', () => {
    const r = parseCsv('x;y\n1;0.5\n2;-1.25\n', { target: 'y', task: 'regression' });
    expect(r.dataset).toMatchObject({ task: 'regression', numClasses: 0, n: 2 });
    expect(r.dataset.y).toBeInstanceOf(Float32Array);
    expect(Array.from(r.dataset.y)).toEqual([0.5, -1.25]);
    expect(r.classBalance).toEqual([]);
  });

  it('skips malformed rows and reports their 1-based lines', () => {
    const text = [
      'a,b,y', //               line 1
      '1,2,0', //               2 ok
      '1,2', //                 3 too few fields
      '', //                    4 empty: ignored silently
      '3,"two\nlines",1', //    5-6 a non-number in a numeric column
      '4,5,', //                7 missing target
      '6,7,1,9', //             8 too many fields
      '8,9,1', //               9 ok
    ].join('\n');
    const r = parseCsv(text, { target: 'y', task: 'classification' });
    expect(r.dataset.n).toBe(2);
    expect(r.errors.map((e) => e.line)).toEqual([3, 5, 7, 8]);
    expect(r.errors[0].message).toBe('Expected 3 fields, as in the header, but found 2.');
    expect(r.errors[1].message).toMatch(/'b' is 'two\nlines', not a number/);
    expect(r.errors[2].message).toMatch(/target 'y' is missing/);
    expect(Array.from(r.dataset.x)).toEqual([1, 2, 8, 9]);
  });

  it('reports a non-numeric regression target', () => {
    const r = parseCsv('x,y\n1,2\n2,abc\n3,4\n', { target: 'y', task: 'regression' });
    expect(r.errors).toEqual([{ line: 3, message: "The target 'y' is 'abc', not a number." }]);
  });

  it('gives a clear error for files it cannot use', () => {
    const fails = (text: string, target = 'y', task: 'classification' | 'regression' = 'classification') => {
      try {
        parseCsv(text, { target, task });
      } catch (e) {
        expect(e).toBeInstanceOf(CsvError);
        return (e as Error).message;
      }
      throw new Error('expected a CsvError');
    };
    expect(fails('')).toMatch(/empty/);
    expect(fails('\n\n  \n')).toMatch(/empty/);
    expect(fails('x,y\n')).toMatch(/header row but no data rows/);
    expect(fails('y\n1\n2\n')).toMatch(/only one column \('y'\)/);
    expect(fails('a,b\n1,2\n')).toMatch(/target column 'y' \(data.csv.target\) is not in the CSV file; its columns are 'a', 'b'/);
    expect(fails('x,y\n1,a\n2,a\n')).toMatch(/only one class \('a'\)/);
    expect(fails('x,y\n1,a\n2,b\n', 'y', 'regression')).toMatch(/no numbers/);
    expect(fails('x,y\n1,\n2,\n')).toMatch(/target column 'y' has no values/);
    expect(fails('x,y\n1\n2\n')).toMatch(/None of the 2 data rows could be used; the first problem, on line 2: Expected 2 fields/);
    expect(fails('x,y,z\n1,2,3\n', 'w')).toMatch(/its columns are 'x', 'y', 'z'/);
    expect(fails('y,y\n1,2\n')).toMatch(/appears twice/);
  });

  it('ignores text columns with too many values (names, ids)', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `name${i},${i},${i % 2}`);
    const r = parseCsv(['name,v,y', ...rows].join('\n'), { target: 'y', task: 'classification' });
    expect(r.columns[0]).toMatchObject({ name: 'name', kind: 'ignored' });
    expect(r.warnings[0]).toMatch(/Column 'name' is ignored/);
    expect(r.dataset.inputShape).toEqual([1]);
    expect(r.classBalance).toEqual([{ name: '0', count: 30 }, { name: '1', count: 30 }]);
  });

  it('parses a ~5 MB file quickly', () => {
    const rows = ['a,b,c,d,color,y'];
    for (let i = 0; rows.length < 150_000; i++) rows.push(`${i},${i * 0.5},${i % 7},${-i},${['red', 'green', 'blue'][i % 3]},${i % 2}`);
    const text = rows.join('\n');
    expect(text.length).toBeGreaterThan(4_000_000);
    const t0 = performance.now();
    const r = parseCsv(text, { target: 'y', task: 'classification' });
    const ms = performance.now() - t0;
    expect(r.dataset.n).toBe(149_999);
    expect(r.dataset.inputShape).toEqual([7]);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('contentHash', () => {
  it('is the SHA-256 in hex', async () => {
    expect(await contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await contentHash(new TextEncoder().encode('abc'))).toBe(await contentHash('abc'));
  });
});
