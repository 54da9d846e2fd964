import type { MouseEvent } from 'react';
import { useApp } from '../store';
import { usePopup } from '../menu/use-popup';
import { IconMenu } from '../icons';
import { PresetsMenu } from './PresetsMenu';
import { LessonsMenu } from '../lessons/LessonsMenu';
import { ShareButtons } from './ShareButtons';

/** Product name, the adapter in use, and the experiment's file and link actions. */
export function Header() {
  const adapter = useApp((s) => s.adapter);
  const backend = useApp((s) => s.experiment.backend);
  const chip = adapter.status === 'probing' ? 'Looking for a GPU…'
    : adapter.status === 'none' ? 'No WebGPU: CPU only'
    : adapter.label;
  return (
    <header className="app-header">
      <div className="brand">
        <svg className="logo" viewBox="0 0 32 32" aria-hidden="true"><use href="/favicon.svg#mark" /></svg>
        <div>
          <h1>WebGPU Training Playground</h1>
          <p className="tagline">Build, train and share neural networks on your own GPU</p>
        </div>
      </div>
      <div className="adapter" aria-label="GPU adapter" title={backend === 'webgpu' ? undefined : `Training runs on the CPU backend (${backend === 'wasm' ? 'WebAssembly SIMD' : 'TypeScript reference'} kernels)`}>
        <span className={`adapter-dot adapter-${adapter.status}${adapter.isSoftware ? ' software' : ''}`} aria-hidden="true" />
        <span className="adapter-label">{chip}</span>
        {adapter.isSoftware && <span className="badge">software</span>}
        {backend !== 'webgpu' && <span className="badge">CPU backend</span>}
      </div>
      <HeaderActions />
    </header>
  );
}

/**
 * The header's buttons. Wide screens show them in a row; a phone (layout.css, 760 px and
 * narrower) shows only "Menu", which opens them as a list: Escape, a press outside or an
 * action closes it, focus back on "Menu".
 */
function HeaderActions() {
  const popup = usePopup();
  // An action inside the open list is done with it (a menu's own button only opens its menu).
  const afterAction = (e: MouseEvent) => {
    const button = (e.target as HTMLElement).closest('button');
    if (popup.open && button && !button.hasAttribute('aria-haspopup')) popup.close();
  };
  return (
    <div className="header-menu" {...popup.rootProps}>
      <button type="button" className="header-menu-button" ref={popup.buttonRef} aria-expanded={popup.open}
        aria-controls="header-actions" onClick={popup.toggle}>
        <IconMenu /> Menu
      </button>
      <nav id="header-actions" className={`header-actions${popup.open ? ' open' : ''}`} aria-label="Experiment" onClick={afterAction}>
        <PresetsMenu />
        <LessonsMenu />
        <ShareButtons />
      </nav>
    </div>
  );
}
