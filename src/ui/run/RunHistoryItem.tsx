import { useId, useState } from 'react';
import { appStore, useApp } from '../store';
import { chartColour } from '../charts/kept-runs';
import type { StoredRun } from '../store/run-record';
import { encodeRunFile, metricsCsv, metricsJson, runFileName } from '../store/run-file';
import { formatPercent, formatValue } from '../format';
import { saveFile } from './save-file';
import { runCommands } from '../commands';

const dateText = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "test loss 0.3012 · accuracy 88.8%" (or "· MSE 0.04" for regression). */
export function finalText(run: StoredRun): string {
  const f = run.final;
  const metric = f.testAccuracy !== undefined ? ` · accuracy ${formatPercent(f.testAccuracy)}`
    : f.testMse !== undefined ? ` · MSE ${formatValue(f.testMse)}` : '';
  return `test loss ${formatValue(f.testLoss)}${metric}`;
}

/** One stored run: its name (the item's accessible name), what it was, how it ended, and what can be done with it. */
export function RunHistoryItem({ run }: { run: StoredRun }) {
  const nameId = useId();
  const compared = useApp((s) => s.compareIds.includes(run.id));
  const isCurrent = useApp((s) => s.currentRunId === run.id);
  const toggleCompare = useApp((s) => s.toggleCompare);
  const [mode, setMode] = useState<'view' | 'rename' | 'confirmDelete'>('view');
  const data = run.experiment.data.dataset === 'csv' ? `csv ${run.experiment.data.csv?.file ?? ''}`.trim() : run.experiment.data.dataset;
  const open = () => {
    const { setExperiment, showToast } = appStore.getState();
    setExperiment(run.experiment);
    showToast(`Opened ${run.name} in the builder.`);
  };
  const downloadRun = async () => {
    const weights = run.hasWeights ? await appStore.getState().runWeights(run.id) : undefined;
    saveFile(runFileName(run, '.run.json'), encodeRunFile(run, weights), 'application/json');
  };
  // Transfer learning: the current model starts from this run's weights (what matches by name and shape).
  const loadWeights = async () => {
    const weights = await appStore.getState().runWeights(run.id);
    if (weights) runCommands().loadWeights(`run ${run.name}`, weights);
  };
  return (
    <li className="run-item" aria-labelledby={nameId} data-run-id={run.id}>
      <div className="run-item-head">
        <input type="checkbox" checked={compared} onChange={() => toggleCompare(run.id)} aria-label={`Compare ${run.name}`} />
        <span className="compare-swatch" style={{ background: chartColour(run, isCurrent ? run.id : null) }} aria-hidden="true" />
        {/* The name stays in the tree while renaming: it names the item. */}
        <strong id={nameId} className={mode === 'rename' ? 'visually-hidden' : 'run-item-name'}>{run.name}</strong>
        {mode === 'rename' && <RenameForm run={run} onDone={() => setMode('view')} />}
        {isCurrent && <span className="muted small">(in the charts)</span>}
      </div>
      <p className="run-item-facts small">
        {dateText(run.endedAt)} · {data} · {run.params !== null ? `${run.params.toLocaleString('en-US')} params` : 'params unknown'}
        {' · '}step {run.final.steps} · {finalText(run)} · <span className={`run-status run-status-${run.status}`}>{run.status}</span>
      </p>
      {mode === 'confirmDelete'
        ? (
          <div className="run-item-actions run-item-confirm" role="group" aria-label={`Delete ${run.name}?`}>
            <span className="small">Delete this run and its weights?</span>
            <button type="button" className="small danger" onClick={() => void appStore.getState().deleteRun(run.id)}>Yes, delete</button>
            <button type="button" className="small" onClick={() => setMode('view')}>Keep it</button>
          </div>
        )
        : (
          <div className="run-item-actions">
            <button type="button" className="small" aria-label={`Open ${run.name}`} onClick={open}>Open</button>
            <button type="button" className="small" aria-label={`Rename ${run.name}`} onClick={() => setMode('rename')}>Rename</button>
            <button type="button" className="small" aria-label={`Delete ${run.name}`} onClick={() => setMode('confirmDelete')}>Delete</button>
            <button type="button" className="small" aria-label={`Download metrics CSV of ${run.name}`}
              onClick={() => saveFile(runFileName(run, '.metrics.csv'), metricsCsv(run), 'text/csv')}>Metrics CSV</button>
            <button type="button" className="small" aria-label={`Download metrics JSON of ${run.name}`}
              onClick={() => saveFile(runFileName(run, '.metrics.json'), metricsJson(run), 'application/json')}>Metrics JSON</button>
            <button type="button" className="small" aria-label={`Download run ${run.name}`} onClick={() => void downloadRun()}>Download run</button>
            {run.hasWeights && (
              <button type="button" className="small" aria-label={`Load weights of ${run.name}`} onClick={() => void loadWeights()}>Load weights</button>
            )}
          </div>
        )}
    </li>
  );
}

function RenameForm({ run, onDone }: { run: StoredRun; onDone: () => void }) {
  const [name, setName] = useState(run.name);
  const save = () => { void appStore.getState().renameRun(run.id, name); onDone(); };
  return (
    <form className="run-item-rename" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <input value={name} autoFocus aria-label={`New name for ${run.name}`} maxLength={200}
        onChange={(e) => setName(e.target.value)} onKeyDown={(e) => { if (e.key === 'Escape') onDone(); }} />
      <button type="submit" className="small">Save</button>
      <button type="button" className="small" onClick={onDone}>Cancel</button>
    </form>
  );
}
