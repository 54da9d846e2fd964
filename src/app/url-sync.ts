import { decodeLink, encodeExperiment } from '../experiment';
import type { DecodeResult } from '../experiment';
import type { AppStore } from '../ui/store';

// The URL hash always holds the current experiment (#e=<payload>, the fixed link format).
// Opening a link restores it exactly; a bad link lists what was wrong and changes nothing:
// at start the defaults stay, a link pasted later leaves the experiment being edited.
// A refused link stays in the address bar until the person edits something, so they can
// copy it to report it.
// NOTE: link text reaches the page only as plain text inside the alert's issue list.

/**
 * `atStart`: the page is opening (before the first render), not following a pasted link.
 * Resolves to true when the link was refused.
 */
export async function restoreFromHash(store: AppStore, hash: string, atStart = true): Promise<boolean> {
  if (!hash || hash === '#') return false;
  const { setExperiment, setNotice } = store.getState();
  const refused = atStart ? 'This link could not be opened, so the default experiment is shown' : 'This link could not be opened; your experiment is unchanged';
  let decoded: DecodeResult;
  try {
    decoded = await decodeLink(hash);
  } catch (e) {
    // decodeLink turns every bad link into errors (the fuzz test holds it to that). Should a
    // new bug slip through, the page still renders: the link stays in the address bar, and
    // a page that threw here would stay blank on every reload.
    console.error(e);
    setNotice({ tone: 'error', title: refused, issues: [{ path: '', message: 'The link could not be read.' }] });
    return true;
  }
  const { experiment, errors, warnings } = decoded;
  if (experiment) {
    setExperiment(experiment);
    setNotice(warnings.length ? { tone: 'warning', title: 'The link opened with warnings', issues: warnings } : null);
    return false;
  }
  setNotice({ tone: 'error', title: refused, issues: errors });
  return true;
}

/** `keepLink`: the address holds a refused link; it is written over at the first edit only. */
export function keepHashInSync(store: AppStore, keepLink = false): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let written = '';
  const write = async () => {
    const experiment = store.getState().experiment;
    const hash = `#e=${await encodeExperiment(experiment)}`;
    if (store.getState().experiment !== experiment) return; // a newer edit will write
    written = hash;
    if (window.location.hash !== hash) history.replaceState(history.state, '', hash);
  };
  const onHashChange = () => {
    // Someone pasted another link into the address bar.
    if (window.location.hash !== written) void restoreFromHash(store, window.location.hash, false);
  };
  window.addEventListener('hashchange', onHashChange);
  // What the refused link left on the page; a copy of it (the adapter re-checks the experiment
  // by copying it) is no edit of the person's.
  let kept = keepLink ? JSON.stringify(store.getState().experiment) : null;
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experiment === prev.experiment) return;
    if (kept !== null && JSON.stringify(s.experiment) === kept) return;
    kept = null;
    clearTimeout(timer);
    timer = setTimeout(write, 120);
  });
  if (!keepLink) void write();
  return () => { unsubscribe(); window.removeEventListener('hashchange', onHashChange); };
}
