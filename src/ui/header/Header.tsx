import { useApp } from '../store';
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
      <div className="adapter" aria-label="GPU adapter" title={backend === 'cpu' ? 'Training runs on the CPU backend' : undefined}>
        <span className={`adapter-dot adapter-${adapter.status}${adapter.isSoftware ? ' software' : ''}`} aria-hidden="true" />
        <span className="adapter-label">{chip}</span>
        {adapter.isSoftware && <span className="badge">software</span>}
        {backend === 'cpu' && <span className="badge">CPU backend</span>}
      </div>
      <nav className="header-actions" aria-label="Experiment">
        <PresetsMenu />
        <LessonsMenu />
        <ShareButtons />
      </nav>
    </header>
  );
}
