import { useState } from 'react';
import { MAX_JSON_BYTES, experimentLink, parseExperimentJson, validateExperiment } from '../../experiment';
import type { Issue } from '../../spec';
import { appStore, useApp } from '../store';
import { isRunFile, readRunFile } from '../store/run-file';
import { runCommands } from '../commands';

/** A run file carries weights: far larger than an experiment, still bounded. */
const MAX_RUN_FILE_BYTES = 256 * 2 ** 20;

/** Hands `bytes` to the browser as a file download. */
function saveFile(bytes: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Copy link, Download experiment (the JSON the headless runner takes), Download PyTorch project
 * (train.py, both weight files, the data: docs/export.md), Open experiment.
 */
export function ShareButtons() {
  const showToast = useApp((s) => s.showToast);
  const copy = async () => {
    const link = await experimentLink(window.location.href, appStore.getState().experiment);
    try {
      await navigator.clipboard.writeText(link);
      showToast('Link copied to the clipboard.');
    } catch {
      // No clipboard permission: the address bar holds the same link.
      showToast('Copying was blocked; the address bar holds the link.');
    }
  };
  const download = () => saveFile(`${JSON.stringify(appStore.getState().experiment, null, 2)}\n`, 'experiment.json', 'application/json');
  const [exporting, setExporting] = useState(false);
  const downloadProject = async () => {
    const make = runCommands().pytorchProject;
    if (!make) return;
    setExporting(true);
    try {
      const result = await make();
      if ('zip' in result) saveFile(result.zip as Uint8Array<ArrayBuffer>, 'pytorch-project.zip', 'application/zip');
      else showToast(`No PyTorch project: ${result.message}`);
    } finally {
      setExporting(false);
    }
  };
  return (
    <>
      <button type="button" onClick={copy}>Copy link</button>
      <button type="button" onClick={download}>Download experiment</button>
      <button type="button" onClick={() => void downloadProject()} disabled={exporting} aria-busy={exporting}
        title="A zip with train.py (plain PyTorch), the weights before and after training, the data and a README">
        {exporting ? 'Preparing PyTorch project…' : 'Download PyTorch project'}
      </button>
      <label className="button file-button">
        <input type="file" accept=".json,application/json" className="visually-hidden" aria-label="Open experiment"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) await openExperimentFile(file);
          }} />
        Open experiment
      </label>
    </>
  );
}

export async function openExperimentFile(file: File): Promise<void> {
  const { setExperiment, setNotice } = appStore.getState();
  const refuse = (issues: Issue[]) =>
    setNotice({ tone: 'error', title: `${file.name} could not be opened; your experiment is unchanged`, issues });
  // Bounded like a link: a huge file is not even read; a deep one is refused before anything
  // recurses into it. Only a run file (experiment, weights, metrics) may be larger.
  if (file.size > MAX_RUN_FILE_BYTES) {
    refuse([{ path: '', message: `The file holds ${file.size.toLocaleString('en-US')} bytes; a run file holds at most ${MAX_RUN_FILE_BYTES.toLocaleString('en-US')}, an experiment file at most ${MAX_JSON_BYTES.toLocaleString('en-US')}.` }]);
    return;
  }
  const parsed = parseExperimentJson(await file.text(), MAX_RUN_FILE_BYTES);
  if (!parsed.ok) {
    refuse([{ path: '', message: parsed.problem === 'syntax' ? 'The file is not valid JSON.' : parsed.message }]);
    return;
  }
  if (isRunFile(parsed.value)) {
    await openRunFile(file.name, parsed.value);
    return;
  }
  if (file.size > MAX_JSON_BYTES) {
    refuse([{ path: '', message: `The file holds ${file.size.toLocaleString('en-US')} bytes; an experiment file holds at most ${MAX_JSON_BYTES.toLocaleString('en-US')}.` }]);
    return;
  }
  const result = validateExperiment(parsed.value);
  if (!result.experiment) {
    refuse(result.errors);
    return;
  }
  setExperiment(result.experiment);
  setNotice(result.warnings.length ? { tone: 'warning', title: `${file.name} opened with warnings`, issues: result.warnings } : null);
}

/** A file from "Download run": its experiment goes to the builder, its entry back into "Run history". */
async function openRunFile(name: string, value: unknown): Promise<void> {
  const { setExperiment, setNotice, importRun } = appStore.getState();
  const opened = readRunFile(value);
  if (!opened.experiment || !opened.run) {
    setNotice({ tone: 'error', title: `${name} could not be opened; your experiment is unchanged`, issues: opened.errors });
    return;
  }
  setExperiment(opened.experiment);
  setNotice(opened.warnings.length ? { tone: 'warning', title: `${name} opened with warnings`, issues: opened.warnings } : null);
  await importRun(opened.run, opened.weights);
}
