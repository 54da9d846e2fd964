import { useEffect, useRef } from 'react';
import { useApp } from './store';

/** Issues listed in a notice; a hostile link can carry 20,000 (one per unknown field), and a list that long helps nobody. */
const SHOWN_ISSUES = 12;

/** Alerts about links and files: the issues listed as plain text (never as HTML), the first dozen and a count of the rest. */
export function NoticeBanner() {
  const notice = useApp((s) => s.notice);
  const setNotice = useApp((s) => s.setNotice);
  const box = useRef<HTMLDivElement>(null);
  // A link pasted into a scrolled page: its verdict is at the top, so bring it into view.
  useEffect(() => { if (notice) box.current?.scrollIntoView({ block: 'nearest' }); }, [notice]);
  if (!notice) return null;
  const hidden = notice.issues.length - SHOWN_ISSUES;
  return (
    <div className={`alert alert-${notice.tone}`} role="alert" ref={box}>
      <div className="alert-body">
        <strong>{notice.title}</strong>
        <ul>
          {notice.issues.slice(0, SHOWN_ISSUES).map((issue, i) => (
            <li key={i}>{issue.message}{issue.path && <code className="issue-path">{issue.path}</code>}</li>
          ))}
        </ul>
        {hidden > 0 && <span>and {hidden.toLocaleString('en-US')} more.</span>}
      </div>
      <button type="button" className="icon" aria-label="Dismiss" onClick={() => setNotice(null)}>✕</button>
    </div>
  );
}

/** After the experiment was replaced wholesale (a preset): put the previous one back. */
export function UndoBar() {
  const undo = useApp((s) => s.undo);
  const undoReplacement = useApp((s) => s.undoReplacement);
  const dismissUndo = useApp((s) => s.dismissUndo);
  const box = useRef<HTMLDivElement>(null);
  // The preset was chosen from the header: the offer to undo it must be in view, not above it.
  useEffect(() => { if (undo) box.current?.scrollIntoView({ block: 'nearest' }); }, [undo]);
  if (!undo) return null;
  return (
    <div className="alert alert-info undo-bar" role="status" ref={box}>
      <div className="alert-body">Loaded {undo.what}.</div>
      <button type="button" onClick={undoReplacement}>Undo: {undo.what}</button>
      <button type="button" className="icon" aria-label="Dismiss undo" onClick={dismissUndo}>✕</button>
    </div>
  );
}

/** Without WebGPU: says so, and offers the CPU backend with WebAssembly SIMD kernels (the fastest one here). */
export function WebGpuBanner() {
  const adapter = useApp((s) => s.adapter);
  const backend = useApp((s) => s.experiment.backend);
  const edit = useApp((s) => s.edit);
  if (adapter.status !== 'none') return null;
  const offer = backend !== 'wasm';
  return (
    <div className="alert alert-warning" role="alert">
      <div className="alert-body">
        <strong>WebGPU is not available in this browser.</strong> {adapter.message}
        {backend === 'webgpu' && <> You can still train on the CPU backend with WebAssembly SIMD kernels (slower than a GPU).</>}
        {backend === 'wasm' && <> Training runs on the CPU backend with WebAssembly SIMD kernels.</>}
        {backend === 'cpu' && <> Training runs on the CPU backend with the TypeScript reference kernels; WebAssembly SIMD is faster.</>}
      </div>
      {offer && <button type="button" onClick={() => edit((e) => ({ ...e, backend: 'wasm' }))}>Use the CPU backend (WebAssembly SIMD)</button>}
    </div>
  );
}

export function Toast() {
  const toast = useApp((s) => s.toast);
  const showToast = useApp((s) => s.showToast);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => showToast(null), 2500);
    return () => clearTimeout(t);
  }, [toast, showToast]);
  return <div className="toast" role="status" aria-live="polite">{toast}</div>;
}
