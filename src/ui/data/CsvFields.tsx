import { useEffect, useId, useState } from 'react';
import { CSV_LIMITS } from '../../data/csv';
import { TASKS } from '../../spec';
import type { CsvSpec, Task } from '../../spec';
import { useApp } from '../store';
import { SelectField } from '../fields';
import { FIELD_WORDS } from '../field-words';
import { csvFiles } from './csv-files';
import { recallCsv, rememberCsv } from './csv-store';
import { CsvPreview, csvHeader } from './CsvPreview';

/** A CSV table: the file (kept in memory, sent to the worker), its target column and the task. */
export function CsvFields() {
  const csv = useApp((s) => s.experiment.data.csv);
  const edit = useApp((s) => s.edit);
  const fileId = useId();
  const targetId = useId();
  const [tooBig, setTooBig] = useState<string | null>(null);
  // The file chosen in this input: the input shows its name, so the page does not repeat it.
  const [picked, setPicked] = useState<string | null>(null);
  // Bumped when a file comes back from storage after a reload: read csvFiles again.
  const restored = useApp((s) => s.csvRestored);
  const spec: CsvSpec = csv ?? { file: '', target: '', task: 'classification' };
  const columns = spec.file ? csvHeader(spec.file) : [];
  const set = (patch: Partial<CsvSpec>) => edit((e) => ({ ...e, data: { ...e.data, csv: { ...spec, ...patch } } }));
  // After a reload the file may be in storage: bring it back for the column picker and preview
  // (whether or not the rest of the experiment is valid yet).
  useEffect(() => { if (spec.file && !csvFiles.has(spec.file)) void recallCsv(spec); }, [spec.file, spec.hash]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="csv-fields">
      <div className="field">
        <label htmlFor={fileId}>CSV file</label>
        <input id={fileId} type="file" accept=".csv,text/csv,text/plain" onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          // The same cap as the runner's, checked before a byte is read.
          if (file.size > CSV_LIMITS.maxBytes) {
            setTooBig(`${file.name} is ${(file.size / 1e6).toFixed(1)} MB; CSV files of at most ${CSV_LIMITS.maxBytes / 1e6} MB can be used in the page. Use a smaller file (or the command-line runner with --max-csv-mb).`);
            return;
          }
          setTooBig(null);
          const bytes = new Uint8Array(await file.arrayBuffer());
          csvFiles.set(file.name, bytes);
          const header = csvHeader(file.name);
          // Kept in storage by content hash, so a reload or a stored run finds it again.
          const hash = await rememberCsv(file.name, bytes);
          // A new file: keep the target when the file has that column, else its last column.
          setPicked(file.name);
          set({ file: file.name, size: file.size, hash, target: header.includes(spec.target) ? spec.target : header.at(-1) ?? '' });
        }} />
        {tooBig && <p className="inline-error" role="alert">{tooBig}</p>}
        {spec.file && spec.file !== picked && (csvFiles.has(spec.file)
          ? <span className="muted small">{spec.file}</span>
          : <span className="small csv-to-choose"><ChooseCsv file={spec.file} /></span>)}
      </div>
      <div className="field">
        <label htmlFor={targetId}>Target column</label>
        {/* A picker even before the file is back (a link, a reload): then it holds the named column. */}
        {spec.file || columns.length > 0
          ? (
            <select id={targetId} value={spec.target} onChange={(e) => set({ target: e.target.value })}>
              {!columns.includes(spec.target) && <option value={spec.target}>{spec.target || '(choose)'}</option>}
              {columns.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          )
          : <input id={targetId} value={spec.target} placeholder="choose a file first" onChange={(e) => set({ target: e.target.value })} />}
      </div>
      <SelectField<Task> label="Task" help={FIELD_WORDS['data.csv.task'].help} value={spec.task} options={TASKS} onChange={(v) => set({ task: v })} />
      <CsvPreview key={restored} spec={spec} />
    </div>
  );
}

/** What a link or opened file cannot bring along: the CSV itself. The page asks for it by name. */
export function ChooseCsv({ file, where }: { file: string; where?: string }) {
  return <>This experiment trains on <code>{file}</code>; choose that file{where ? ` ${where}` : ''}.</>;
}
