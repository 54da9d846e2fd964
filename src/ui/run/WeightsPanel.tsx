import { useRef, useState } from 'react';
import { useApp } from '../store';
import { runCommands } from '../commands';
import { decodeSafetensors, encodeSafetensors, nothingMatchedMessage, weightsReportLines } from '../../experiment';
import { saveBytes } from './save-file';

/**
 * Download the current weights as safetensors (the runner's format: the runner's
 * --init-from, PyTorch's safetensors and train.py read it), or load weights from a file to
 * start from them: the same report as the runner's says what matched.
 */
export function WeightsPanel() {
  const loaded = useApp((s) => s.loadedWeights);
  const info = useApp((s) => s.info);
  const experiment = useApp((s) => s.experiment);
  const fileInput = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const download = async () => {
    const tensors = await runCommands().weights();
    if (!tensors) { setProblem('No model is ready yet: there are no weights to download.'); return; }
    setProblem(null);
    saveBytes(`weights-${experiment.data.dataset}-seed${experiment.seed}.safetensors`, encodeSafetensors(tensors, { seed: String(experiment.seed), dataset: experiment.data.dataset }));
  };
  const load = async (file: File) => {
    try {
      const { tensors } = decodeSafetensors(new Uint8Array(await file.arrayBuffer()));
      setProblem(null);
      runCommands().loadWeights(file.name, tensors);
    } catch (e) {
      setProblem(`${file.name} is not a weights file this page can read: ${(e as Error).message}`);
    }
  };
  const lines = loaded ? weightsReportLines(loaded.report) : [];
  const none = loaded !== null && loaded.report.matched.length === 0;
  return (
    <section className="weights-panel" aria-label="Weights">
      <div className="run-buttons">
        <button type="button" disabled={!info} onClick={() => void download()}>Download weights</button>
        <button type="button" disabled={!info} onClick={() => fileInput.current?.click()}>Load weights</button>
        <input ref={fileInput} type="file" accept=".safetensors" hidden aria-label="Load weights from a file"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void load(f); }} />
        {loaded && !none && <button type="button" onClick={() => runCommands().loadWeights(loaded.source, null)}>Forget loaded weights</button>}
      </div>
      {problem && <p className="inline-error" role="alert">{problem}</p>}
      {none && <p className="inline-error" role="alert">{loaded.source}: {nothingMatchedMessage(loaded.report)}</p>}
      {loaded && !none && (
        <div aria-label="Weights report" className="small">
          <p>Starting from the weights of {loaded.source}: {lines[0]}</p>
          {lines.length > 1 && <ul>{lines.slice(1).map((l) => <li key={l}>{l}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}
