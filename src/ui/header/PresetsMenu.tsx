import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { presets, findPreset } from '../../experiment';
import type { Preset } from '../../experiment';
import { useApp } from '../store';
import { Menu } from '../menu/Menu';

/**
 * A menu of ready experiments. Choosing one asks first (it replaces the whole experiment),
 * and the page then offers "Undo: preset <title>" (store/undo-slice.ts).
 */
export function PresetsMenu() {
  const [asking, setAsking] = useState<Preset | null>(null);
  const replaceExperiment = useApp((s) => s.replaceExperiment);
  const setNotice = useApp((s) => s.setNotice);
  const root = useRef<HTMLDivElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (asking) confirm.current?.focus(); }, [asking]);
  const items = presets.map((p) => ({
    key: p.name,
    title: p.title,
    hint: p.description,
    onChoose: () => setAsking(findPreset(p.name) ?? null),
  }));
  // Focus goes back to the Presets button, as when the menu closes; on a phone, where the
  // header menu has closed over it, to that menu's button.
  const cancel = () => {
    setAsking(null);
    const presets = root.current?.querySelector<HTMLButtonElement>('button[aria-haspopup]');
    (presets?.offsetParent ? presets : document.querySelector<HTMLButtonElement>('.header-menu-button'))?.focus();
  };
  const replace = () => {
    if (asking) { replaceExperiment(asking.experiment, `preset ${asking.title}`); setNotice(null); }
    cancel();
  };
  return (
    <div className="presets-menu" ref={root}>
      <Menu label="Presets" items={items} />
      {asking && createPortal(
        <div className="menu confirm preset-confirm" role="alertdialog" aria-label="Replace the experiment?" aria-describedby="preset-confirm-text"
          onKeyDown={(e) => { if (e.key === 'Escape') cancel(); }}>
          <p id="preset-confirm-text">Replace the current experiment with the preset <strong>{asking.title}</strong>? Undo brings it back.</p>
          <div className="confirm-buttons">
            <button type="button" className="primary" ref={confirm} onClick={replace}>Replace</button>
            <button type="button" onClick={cancel}>Cancel</button>
          </div>
        </div>,
        // Outside the header: on a phone the header menu closes when a preset is chosen.
        document.body,
      )}
    </div>
  );
}
