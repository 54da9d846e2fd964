import { experimentLink, validateExperiment } from '../../experiment';
import { appStore, useApp } from '../store';
import { isRunFile, readRunFile } from '../store/run-file';

/** Copy link, Download experiment (the JSON the headless runner takes), Open experiment. */
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
  const download = () => {
    const json = JSON.stringify(appStore.getState().experiment, null, 2);
    const url = URL.createObjectURL(new Blob([json + '\n'], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'experiment.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <>
      <button type="button" onClick={copy}>Copy link</button>
      <button type="button" onClick={download}>Download experiment</button>
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
  let value: unknown;
  try {
    value = JSON.parse(await file.text());
  } catch {
    setNotice({ tone: 'error', title: `${file.name} could not be opened`, issues: [{ path: '', message: 'The file is not valid JSON.' }] });
    return;
  }
  if (isRunFile(value)) {
    await openRunFile(file.name, value);
    return;
  }
  const result = validateExperiment(value);
  if (!result.experiment) {
    setNotice({ tone: 'error', title: `${file.name} could not be opened; your experiment is unchanged`, issues: result.errors });
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
