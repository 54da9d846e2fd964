import { useApp } from '../store';
import { runCommands } from '../commands';
import { formatDuration } from '../format';
import { csvToChoose } from '../data/csv-files';
import { ChooseCsv } from '../data/CsvFields';
import { humanMessage } from '../issue-words';

/** The skip link's target (App.tsx). */
export const RUN_CONTROLS_ID = 'run-controls';
import { RUN_ERROR_TITLES, refusesExperiment } from './RunError';

const randomSeed = () => Math.floor(Math.random() * 2 ** 31);

/**
 * Train / Pause / Resume, Step, Reset, New seed, with progress, ETA, why training is
 * unavailable, what happened to the run (a lost GPU), and the question an edit that needs
 * a new model asks.
 */
export function RunControls() {
  const status = useApp((s) => s.status);
  const errors = useApp((s) => s.validation.errors);
  const experiment = useApp((s) => s.experiment);
  const info = useApp((s) => s.info);
  const last = useApp((s) => s.progress.at(-1));
  const loading = useApp((s) => s.loading);
  const phase = useApp((s) => s.phase);
  const edit = useApp((s) => s.edit);
  const checkpointStep = useApp((s) => s.checkpointStep);
  const errorKind = useApp((s) => s.error?.kind);
  const notice = useApp((s) => s.runNotice);
  const pendingNewRun = useApp((s) => s.pendingNewRun);
  // A CSV named by a link or file but not chosen in this page: nothing to train on yet.
  const csvMissing = useApp((s) => csvToChoose(s.experiment));
  const training = status === 'training';
  // Paused, or stopped by NaN/Inf with a good checkpoint past the start: Resume continues.
  const resumable = status === 'paused' || (status === 'error' && errorKind === 'nonFinite' && (checkpointStep ?? 0) > 0);
  // The worker refused this experiment (bad data, a check only it can make): training again
  // would only fail again, so Train waits for an edit (which starts a fresh set-up).
  const runError = useApp((s) => s.error);
  const refused = status === 'error' && refusesExperiment(runError) ? runError : null;
  const invalid = errors.length > 0 || csvMissing !== null || refused !== null;
  const blockedId = 'train-blocked';
  // Only the memory budget stands in the way: the person may accept the estimate.
  const overBudgetOnly = errors.length > 0 && errors.every((e) => e.kind === 'budget');
  const acceptBudget = useApp((s) => s.acceptBudget);
  const busy = status === 'preparing';
  const step = last?.step ?? checkpointStep ?? 0;
  const total = info?.totalSteps ?? 0;
  const epochs = info ? Math.ceil(total / Math.max(1, info.stepsPerEpoch)) : 0;
  // The epoch in progress, counted from 1 (a finished run shows the last one).
  const epoch = info ? Math.min(epochs, Math.floor(step / Math.max(1, info.stepsPerEpoch)) + 1) : 0;
  const eta = last && total > step ? (total - step) * last.msPerStep : NaN;
  const fraction = total ? Math.min(1, step / total) : 0;
  return (
    <div className="run-controls" id={RUN_CONTROLS_ID} role="group" aria-label="Run controls" tabIndex={-1}>
      <div className="run-buttons">
        <button type="button" className="primary" disabled={invalid || (busy && !training) || (resumable && pendingNewRun)} aria-describedby={invalid ? blockedId : undefined}
          title={resumable && checkpointStep !== null ? `Continue from the checkpoint of step ${checkpointStep} with the current settings` : undefined}
          onClick={() => (training ? runCommands().pause() : resumable ? runCommands().resume() : runCommands().train())}>
          {training ? 'Pause' : resumable ? 'Resume' : 'Train'}
        </button>
        <button type="button" disabled={invalid || training || busy} onClick={() => runCommands().step()}>Step</button>
        <button type="button" disabled={invalid || busy} onClick={() => runCommands().reset()}>Reset</button>
        <button type="button" onClick={() => edit((e) => ({ ...e, seed: randomSeed() }))} title="Draw a new seed: new data order, weights and dropout masks">New seed</button>
      </div>
      <div className="run-progress" aria-label="Progress">
        <div className="progress-bar" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={total || 1} aria-valuenow={step}>
          <div style={{ width: `${fraction * 100}%` }} />
        </div>
        <p className="run-status">
          <span className={`status-dot status-${status}`} aria-hidden="true" />
          <span>{statusText(status, loading, phase)}</span>
          {info && <span>Epoch {status === 'done' ? epochs : epoch} / {epochs}</span>}
          {info && <span>Step {step} / {total}</span>}
          {training && <span>ETA {formatDuration(eta)}</span>}
        </p>
      </div>
      {notice && <p className="run-notice" role="status">{notice}</p>}
      {pendingNewRun && (
        <div className="new-run-prompt" role="alertdialog" aria-label="Start a new run?">
          <p>
            <strong>This change needs a new model.</strong> Start a new run? The current run (step {step}) is kept
            in "Run history".
          </p>
          <button type="button" className="primary" onClick={() => runCommands().startNewRun()}>Start a new run</button>{' '}
          <button type="button" onClick={() => runCommands().keepCurrentRun()}>Undo the change</button>
        </div>
      )}
      {errors.length > 0 && (
        <div className="train-blocked" role="alert" id={blockedId}>
          <strong>Training is unavailable:</strong> {humanMessage(errors[0].message, experiment)}
          {errors.length > 1 && <span> ({errors.length - 1} more problem{errors.length > 2 ? 's' : ''} below.)</span>}
          {overBudgetOnly && (
            <p>
              <button type="button" onClick={acceptBudget}>Train anyway</button>{' '}
              <span className="muted small">The page may run out of memory; your experiment stays in the link.</span>
            </p>
          )}
        </div>
      )}
      {errors.length === 0 && csvMissing !== null && (
        <div className="train-blocked" role="alert" id={blockedId}>
          <strong>Training is unavailable:</strong> <ChooseCsv file={csvMissing} where="under CSV file in the Data panel" />
        </div>
      )}
      {errors.length === 0 && csvMissing === null && refused && (
        <div className="train-blocked" role="alert" id={blockedId}>
          <strong>Training is unavailable:</strong> {RUN_ERROR_TITLES[refused.kind]}. {refused.message}
          {refused.path && <code className="issue-path">{refused.path}</code>}
        </div>
      )}
    </div>
  );
}

function statusText(status: string, loading: { what: string; loaded: number; total: number } | null, phase: string | null): string {
  if (loading) return `Loading ${loading.what}${loading.total ? ` ${Math.round((100 * loading.loaded) / loading.total)}%` : '…'}`;
  // Until the first step lands: what takes the time (seconds each on slow adapters).
  if (phase) return `${status === 'training' ? 'Training' : 'Preparing'}: ${phase}…`;
  switch (status) {
    case 'idle': return 'Not started';
    case 'preparing': return 'Preparing…';
    case 'ready': return 'Ready';
    case 'training': return 'Training';
    case 'paused': return 'Paused';
    case 'done': return 'Finished';
    case 'error': return 'Stopped';
    default: return status;
  }
}
