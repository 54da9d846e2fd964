import { useMemo } from 'react';
import { CsvError, guessDelimiter, parseCsv } from '../../data/csv';
import type { CsvColumn, CsvParseResult } from '../../data/csv';
import type { CsvSpec } from '../../spec';
import { csvFiles } from './csv-files';

/** Files up to this size are parsed on the page for the preview (the worker parses again to train). */
const PREVIEW_LIMIT = 8 * 1024 * 1024;

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The header of the chosen file, for the target picker. */
export function csvHeader(file: string): string[] {
  const bytes = csvFiles.get(file);
  if (!bytes) return [];
  const text = decode(bytes.subarray(0, 64 * 1024));
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.split(guessDelimiter(line)).map((c) => c.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
}

/** Categories listed by name in a column's line; the rest are counted. */
const NAMED_CATEGORIES = 6;

/** How one feature column reaches the model: "color: text, one-hot encoded (3 categories: …; 3 inputs)". */
export function columnEncoding(c: CsvColumn): string {
  if (c.kind === 'numeric') return `${c.name}: a number (1 input)`;
  if (c.kind === 'ignored') return `${c.name}: ignored${c.note ? ` (${c.note})` : ''}`;
  const names = c.categories ?? [];
  const more = names.length - NAMED_CATEGORIES;
  const listed = names.slice(0, NAMED_CATEGORIES).join(', ') + (more > 0 ? `, and ${more} more` : '');
  return `${c.name}: text, one-hot encoded (${names.length} ${names.length === 1 ? 'category' : 'categories'}: ${listed}; ${names.length} ${names.length === 1 ? 'input' : 'inputs'})`;
}

/** Rows, columns, class balance and the skipped rows (with their line numbers) of the file. */
export function CsvPreview({ spec }: { spec: CsvSpec }) {
  const result = useMemo((): CsvParseResult | string | null => {
    const bytes = csvFiles.get(spec.file);
    if (!bytes || !spec.target) return null;
    if (bytes.byteLength > PREVIEW_LIMIT) return 'The file is too large to preview here; training reads it all.';
    try {
      return parseCsv(decode(bytes), { target: spec.target, task: spec.task, previewRows: 5 });
    } catch (e) {
      return e instanceof CsvError ? e.message : String(e);
    }
  }, [spec.file, spec.target, spec.task]);
  if (result === null) return null;
  if (typeof result === 'string') return <p className="alert alert-error small" role="alert">{result}</p>;
  const { dataset, header, preview, classBalance, errors, columns } = result;
  const ignored = columns.filter((c) => c.kind === 'ignored');
  return (
    <div className="csv-preview" role="region" aria-label="CSV preview">
      <p className="small">{dataset.n} rows · {columns.length - 1 - ignored.length} feature columns{ignored.length ? ` (${ignored.length} ignored)` : ''}</p>
      <ul className="csv-encoding small" aria-label="Column encoding">
        {columns.filter((c) => c.role === 'feature').map((c) => <li key={c.name}>{columnEncoding(c)}</li>)}
      </ul>
      <div className="csv-table-wrap">
        <table className="csv-table">
          <thead><tr>{header.map((h, i) => <th key={i}>{h}</th>)}</tr></thead>
          <tbody>{preview.map((row, r) => <tr key={r}>{row.map((c, i) => <td key={i}>{c}</td>)}</tr>)}</tbody>
        </table>
      </div>
      {classBalance.length > 0 && (
        <ul className="csv-balance" aria-label="Class balance">
          {classBalance.map((c) => <li key={c.name}>{c.name}: {c.count} ({((c.count / dataset.n) * 100).toFixed(0)}%)</li>)}
        </ul>
      )}
      {errors.length > 0 && (
        <div className="alert alert-warning small" role="alert">
          <div className="alert-body">
            <strong>{errors.length} {errors.length === 1 ? 'row was' : 'rows were'} skipped.</strong>
            <ul>{errors.slice(0, 5).map((e) => <li key={e.line}>Line {e.line}: {e.message}</li>)}</ul>
            {errors.length > 5 && <span>and {errors.length - 5} more.</span>}
          </div>
        </div>
      )}
    </div>
  );
}
