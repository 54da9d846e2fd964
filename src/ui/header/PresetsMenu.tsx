import { useEffect, useRef, useState } from 'react';
import { presets, findPreset } from '../../experiment';
import { useApp } from '../store';

/** A menu of ready experiments; choosing one replaces the current experiment. */
export function PresetsMenu() {
  const [open, setOpen] = useState(false);
  const setExperiment = useApp((s) => s.setExperiment);
  const setNotice = useApp((s) => s.setNotice);
  const root = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const close = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const choose = (name: string) => {
    const preset = findPreset(name);
    if (preset) { setExperiment(preset.experiment); setNotice(null); }
    setOpen(false);
  };
  return (
    <div className="menu-root" ref={root}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>Presets <span aria-hidden="true" className="caret">▾</span></button>
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
    </div>
  );
}
