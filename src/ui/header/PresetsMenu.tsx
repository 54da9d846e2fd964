import { useEffect, useRef, useState } from 'react';
import { presets, findPreset } from '../../experiment';
import type { Preset } from '../../experiment';
import { useApp } from '../store';

/**
 * A menu of ready experiments. Choosing one asks first (it replaces the whole experiment),
 * and the page then offers "Undo: preset <title>" (store/undo-slice.ts).
 */
export function PresetsMenu() {
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState<Preset | null>(null);
  const replaceExperiment = useApp((s) => s.replaceExperiment);
  const setNotice = useApp((s) => s.setNotice);
  const root = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (asking) confirm.current?.focus(); }, [asking]);
  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const close = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const choose = (name: string) => {
    setAsking(findPreset(name) ?? null);
    setOpen(false);
  };
  const cancel = () => { setAsking(null); toggle.current?.focus(); };
  const replace = () => {
    if (asking) { replaceExperiment(asking.experiment, `preset ${asking.title}`); setNotice(null); }
    cancel();
  };
  return (
    <div className="menu-root" ref={root}>
      <button type="button" ref={toggle} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>Presets <span aria-hidden="true" className="caret">▾</span></button>
      {open && (
        <div className="menu" role="menu" aria-label="Presets" onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const items = [...(e.currentTarget.querySelectorAll('[role=menuitem]') as NodeListOf<HTMLElement>)];
            const at = items.indexOf(document.activeElement as HTMLElement);
            items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
          }
        }}>
          {presets.map((p, i) => (
            <button key={p.name} type="button" role="menuitem" ref={i === 0 ? first : undefined} onClick={() => choose(p.name)}>
              <span className="menu-title">{p.title}</span>
              <span className="menu-hint">{p.description}</span>
            </button>
          ))}
        </div>
      )}
      {asking && (
        <div className="menu confirm" role="alertdialog" aria-label="Replace the experiment?" aria-describedby="preset-confirm-text"
          onKeyDown={(e) => { if (e.key === 'Escape') cancel(); }}>
          <p id="preset-confirm-text">Replace the current experiment with the preset <strong>{asking.title}</strong>? Undo brings it back.</p>
          <div className="confirm-buttons">
            <button type="button" className="primary" ref={confirm} onClick={replace}>Replace</button>
            <button type="button" onClick={cancel}>Cancel</button>
          </div>
        </div>
      )}
    </div>
  );
}
