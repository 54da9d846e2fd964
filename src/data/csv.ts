// CSV tables -> Dataset, with papaparse. The first non-empty row is the header.
// - Feature columns: numeric when most non-missing cells are numbers (the others are then
//   row errors), else categorical and one-hot encoded (missing = all zeros); a text column
//   with more than `maxCategories` values (names, ids) is ignored, with a warning.
// - Target: class indices for classification (text or integer labels, sorted), a number
//   for regression.
// - Each malformed row (wrong field count, bad quotes, a non-number in a numeric column,
//   a missing target) is skipped and reported with its 1-based line number.
// - Problems with the file as a whole (empty, header only, one column, no target column)
//   throw a CsvError whose message is a sentence for people.

import Papa from 'papaparse';
import { ColumnStore, EMPTY, NUMERIC, sortCategories } from './csv-columns';
import type { Dataset, Task } from './types';

/** Caps on a CSV table, checked while it is parsed (the file size is capped before reading). */
export const CSV_LIMITS = { maxBytes: 100_000_000, maxColumns: 1000, maxRows: 1_000_000, maxSeconds: 30 } as const;

export interface CsvOptions {
  target: string;
  task: Task;
  /** Caps (defaults: CSV_LIMITS). */
  maxColumns?: number;
  maxRows?: number;
  maxSeconds?: number;
  /** The clock for the time cap, in ms (tests). */
  now?: () => number;
  /** Text feature columns with more distinct values are ignored (default 50). */
  maxCategories?: number;
  /** At most this many classes for classification (default 100). */
  maxClasses?: number;
  /** Raw data rows kept for a preview table (default 10). */
  previewRows?: number;
}

export interface CsvColumn {
  name: string;
  role: 'feature' | 'target';
  kind: 'numeric' | 'categorical' | 'ignored';
  /** One-hot categories (features) or class names (classification target), in encoding order. */
  categories?: string[];
  /** Why a column is ignored. */
  note?: string;
}

export interface CsvLineError {
  line: number;
  message: string;
}

export interface CsvParseResult {
  dataset: Dataset;
  header: string[];
  columns: CsvColumn[];
  /** The first data rows as written in the file. */
  preview: string[][];
  /** Rows per class (classification); empty for regression. */
  classBalance: { name: string; count: number }[];
  /** Skipped rows, in line order. */
  errors: CsvLineError[];
  warnings: string[];
}

export class CsvError extends Error {
  override name = 'CsvError';
  /** What to fix: the file itself or the choice of target column. */
  constructor(message: string, readonly about: 'file' | 'target' = 'file') {
    super(message);
  }
}

export function parseCsv(text: string, options: CsvOptions): CsvParseResult {
  const maxCategories = options.maxCategories ?? 50;
  const maxClasses = options.maxClasses ?? 100;
  const previewRows = options.previewRows ?? 10;
  const errors: CsvLineError[] = [];
  const preview: string[][] = [];
  const rowLines: number[] = [];
  let header: string[] | null = null;
  let stores: ColumnStore[] = [];
  let targetIndex = -1;
  let fatal: CsvError | null = null;
  let dataRows = 0;
  let line = 1;

  const maxColumns = options.maxColumns ?? CSV_LIMITS.maxColumns;
  const maxRows = options.maxRows ?? CSV_LIMITS.maxRows;
  const maxSeconds = options.maxSeconds ?? CSV_LIMITS.maxSeconds;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const body = text.replace(/^\uFEFF/, '');
  Papa.parse<string[]>(body, {
    header: false,
    delimiter: guessDelimiter(body),
    skipEmptyLines: false,
    step: (result, parser) => {
      const row = result.data;
      const rowLine = line;
      line += 1 + countNewlines(row);
      if (row.every((cell) => cell.trim() === '')) return;
      // Caps: checked as rows arrive, so a runaway file stops early (every 1,024 rows for the clock).
      if ((dataRows & 1023) === 0 && now() - started > maxSeconds * 1000) {
        fatal = new CsvError(`Reading the CSV file took longer than ${maxSeconds} s (stopped at line ${rowLine}); use a smaller file.`);
        return parser.abort();
      }
      if (!header) {
        header = row.map((name, i) => name.trim() || `column ${i + 1}`);
        if (header.length > maxColumns) {
          fatal = new CsvError(`The CSV file has ${header.length.toLocaleString('en-US')} columns; at most ${maxColumns.toLocaleString('en-US')} are allowed.`);
          return parser.abort();
        }
        fatal = checkHeader(header, options.target);
        if (fatal) return parser.abort();
        targetIndex = header.indexOf(options.target);
        stores = header.map((name, i) => new ColumnStore(name, i === targetIndex ? maxClasses : maxCategories));
        return;
      }
      if (dataRows >= maxRows) {
        fatal = new CsvError(`The CSV file has more than ${maxRows.toLocaleString('en-US')} data rows (line ${rowLine} is past the limit); use a smaller file.`);
        return parser.abort();
      }
      dataRows++;
      const quotes = result.errors.find((e) => e.type === 'Quotes');
      if (quotes) return void errors.push({ line: rowLine, message: `${quotes.message}; the row is skipped.` });
      if (row.length !== header.length) {
        return void errors.push({ line: rowLine, message: `Expected ${header.length} fields, as in the header, but found ${row.length}.` });
      }
      if (preview.length < previewRows) preview.push(row);
      for (let c = 0; c < row.length; c++) stores[c].push(row[c]);
      rowLines.push(rowLine);
    },
  });

  if (fatal) throw fatal;
  if (!header) throw new CsvError('The CSV file is empty: it has no header row and no data.');
  if (dataRows === 0) throw new CsvError('The CSV file has a header row but no data rows.');
  if (rowLines.length === 0) throw noUsableRows(dataRows, errors);
  const built = buildDataset(stores, targetIndex, rowLines, options.task, errors);
  errors.sort((a, b) => a.line - b.line);
  if (built.dataset.n === 0) throw noUsableRows(dataRows, errors);
  return { ...built, header, preview, errors };
}

function noUsableRows(dataRows: number, errors: CsvLineError[]): CsvError {
  const first = errors[0];
  return new CsvError(
    `None of the ${dataRows} data rows could be used` + (first ? `; the first problem, on line ${first.line}: ${first.message}` : '.'),
  );
}

function checkHeader(header: string[], target: string): CsvError | null {
  if (header.length < 2) {
    return new CsvError(`The CSV file has only one column ('${header[0]}'); it needs the target column and at least one feature column. Are the fields separated by commas, semicolons or tabs?`);
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) return new CsvError(`The column name '${name}' appears twice in the header; column names must be unique.`);
    seen.add(name);
  }
  if (!header.includes(target)) {
    return new CsvError(`The target column '${target}' (data.csv.target) is not in the CSV file; its columns are ${header.map((h) => `'${h}'`).join(', ')}.`, 'target');
  }
  return null;
}

/**
 * The separator that occurs most often in the header line (outside quotes): ',', ';', tab
 * or '|'. NOTE: papaparse's own guess needs several consistent rows and misreads short
 * files (and ';' files with decimal commas), while the header alone is reliable.
 */
export function guessDelimiter(text: string): string {
  const start = text.search(/\S/);
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let quoted = false;
  for (let i = Math.max(start, 0); i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  return Object.entries(counts).reduce((best, entry) => (entry[1] > best[1] ? entry : best), [',', 0])[0];
}

function countNewlines(row: string[]): number {
  let count = 0;
  for (const cell of row) {
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) count++;
  }
  return count;
}

type Encoder = { column: CsvColumn; store: ColumnStore; width: number; codeToSlot?: Int32Array };

function buildDataset(
  stores: ColumnStore[],
  targetIndex: number,
  rowLines: number[],
  task: Task,
  errors: CsvLineError[],
): Omit<CsvParseResult, 'header' | 'preview' | 'errors'> {
  const warnings: string[] = [];
  const encoders = stores.map((store, i) => (i === targetIndex ? null : featureEncoder(store, warnings)));
  const target = stores[targetIndex];
  const targetColumn = targetEncoder(target, task);
  const features = encoders.filter((e): e is Encoder => e !== null && e.width > 0);
  const width = features.reduce((sum, e) => sum + e.width, 0);
  if (width === 0) throw new CsvError(`No feature column can be used: every column but the target '${target.name}' is empty or has too many distinct text values.`);

  const rows = rowLines.length;
  const x = new Float32Array(rows * width);
  const y = task === 'classification' ? new Uint32Array(rows) : new Float32Array(rows);
  const classOf = targetColumn.codeToSlot;
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const problems: string[] = [];
    const targetCode = target.codes.data[r];
    if (targetCode === EMPTY) problems.push(`the target '${target.name}' is missing`);
    else if (task === 'regression' && targetCode !== NUMERIC) problems.push(`the target '${target.name}' is '${target.texts[targetCode] ?? 'text'}', not a number`);
    for (const e of features) {
      if (e.column.kind !== 'numeric') continue;
      const code = e.store.codes.data[r];
      if (code === EMPTY) problems.push(`'${e.store.name}' is missing`);
      else if (code !== NUMERIC) problems.push(`'${e.store.name}' is '${e.store.texts[code] ?? 'text'}', not a number`);
    }
    if (problems.length > 0) {
      errors.push({ line: rowLines[r], message: capitalize(problems.slice(0, 3).join('; ')) + (problems.length > 3 ? `; and ${problems.length - 3} more.` : '.') });
      continue;
    }
    let at = n * width;
    for (const e of features) {
      if (e.column.kind === 'numeric') x[at] = e.store.numbers.data[r];
      else {
        const code = categoryCode(e.store, r);
        if (code >= 0) x[at + e.codeToSlot![code]] = 1; // a missing category stays all zeros
      }
      at += e.width;
    }
    y[n] = classOf ? classOf[categoryCode(target, r)] : target.numbers.data[r];
    n++;
  }

  const classNames = targetColumn.column.categories;
  const dataset: Dataset = {
    task,
    inputShape: [width],
    numClasses: task === 'classification' ? classNames!.length : 0,
    x: n === rows ? x : x.slice(0, n * width),
    y: n === rows ? y : y.slice(0, n),
    n,
    featureNames: features.flatMap((e) => (e.column.kind === 'numeric' ? [e.store.name] : e.column.categories!.map((c) => `${e.store.name}=${c}`))),
    classNames,
  };
  const classBalance = (classNames ?? []).map((name) => ({ name, count: 0 }));
  if (task === 'classification') for (let i = 0; i < n; i++) classBalance[dataset.y[i]].count++;
  const columns = stores.map((_, i) => (i === targetIndex ? targetColumn.column : encoders[i]!.column));
  return { dataset, columns, classBalance, warnings };
}

/** Dictionary code of row r's value, adding numeric values as text (categorical columns). */
function categoryCode(store: ColumnStore, r: number): number {
  const code = store.codes.data[r];
  if (code === NUMERIC) return store.code(String(store.numbers.data[r]));
  return code;
}

function featureEncoder(store: ColumnStore, warnings: string[]): Encoder {
  const ignore = (note: string): Encoder => {
    warnings.push(`Column '${store.name}' is ignored: ${note}.`);
    return { column: { name: store.name, role: 'feature', kind: 'ignored', note }, store, width: 0 };
  };
  if (store.numericCount + store.textCount === 0) return ignore('it has no values');
  if (store.numericCount >= store.textCount) {
    return { column: { name: store.name, role: 'feature', kind: 'numeric' }, store, width: 1 };
  }
  const sorted = finishDictionary(store);
  if (!sorted) return ignore(`it has more than ${store.texts.length} distinct text values, too many to one-hot encode`);
  return { column: { name: store.name, role: 'feature', kind: 'categorical', categories: sorted.names }, store, width: sorted.names.length, codeToSlot: sorted.codeToSlot };
}

function targetEncoder(store: ColumnStore, task: Task): Encoder {
  if (task === 'regression') {
    if (store.numericCount === 0) {
      throw new CsvError(`The target column '${store.name}' has no numbers, so it cannot be a regression target; use task 'classification' for text labels.`, 'target');
    }
    return { column: { name: store.name, role: 'target', kind: 'numeric' }, store, width: 1 };
  }
  const sorted = finishDictionary(store);
  if (!sorted) {
    throw new CsvError(`The target column '${store.name}' has more than ${store.texts.length} distinct values, too many classes; is it a regression target?`, 'target');
  }
  if (sorted.names.length < 2) {
    throw new CsvError(`The target column '${store.name}' has ${sorted.names.length === 0 ? 'no values' : `only one class ('${sorted.names[0]}')`}; classification needs at least two classes.`, 'target');
  }
  return { column: { name: store.name, role: 'target', kind: 'categorical', categories: sorted.names }, store, width: 0, codeToSlot: sorted.codeToSlot };
}

/** Add the numeric cells of a text column to its dictionary; sort it. Null when it overflows. */
function finishDictionary(store: ColumnStore): { names: string[]; codeToSlot: Int32Array } | null {
  for (let r = 0; r < store.codes.length; r++) if (store.codes.data[r] === NUMERIC) categoryCode(store, r);
  if (store.overflowed) return null;
  const names = sortCategories(store.texts);
  const slotOf = new Map(names.map((name, slot) => [name, slot]));
  return { names, codeToSlot: Int32Array.from(store.texts, (t) => slotOf.get(t)!) };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
export { contentHash } from './hash';
