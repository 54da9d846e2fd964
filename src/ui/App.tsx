import { Header } from './header/Header';
import { NoticeBanner, Toast, UndoBar, WebGpuBanner } from './Notices';
import { DataPanel } from './data/DataPanel';
import { ModelBuilder } from './model/ModelBuilder';
import { Panel } from './fields';
import { RunPanel } from './run/RunPanel';
import { TrainingSettings } from './training/TrainingSettings';
import { DiagnosticsPanel } from './run/DiagnosticsPanel';
import { SpeedPanel } from './speed/SpeedPanel';
import { BoundaryPanels } from './insight/boundary/BoundaryPanels';
import { InsightPanel } from './insight/InsightPanel';
import { LrFinder } from './insight/lr-finder/LrFinder';
import { RUN_CONTROLS_ID } from './run/RunControls';
import { LessonPanel } from './lessons/LessonPanel';
import './theme.css';
import './layout.css';
import './phone.css';

/** The page: header, alerts, then data | model | run & settings. */
export function App() {
  return (
    <div className="app">
      <SkipLink />
      <Header />
      <div className="banners">
        <WebGpuBanner />
        <NoticeBanner />
        <UndoBar />
      </div>
      <LessonPanel />
      <main className="workspace">
        <div className="column column-data">
          <DataPanel />
        </div>
        <div className="column column-model">
          <Panel title="Model" className="panel-model">
            <ModelBuilder />
          </Panel>
          <BoundaryPanels />
          <DiagnosticsPanel />
        </div>
        <div className="column column-run">
          <RunPanel />
          <TrainingSettings />
          <SpeedPanel />
          <LrFinder />
          <InsightPanel />
        </div>
      </main>
      <Toast />
    </div>
  );
}

/** The first thing Tab reaches: straight to Train and its neighbours (no hash change: #e= is the link). */
function SkipLink() {
  return (
    <a className="skip-link" href={`#${RUN_CONTROLS_ID}`} onClick={(e) => {
      e.preventDefault();
      const target = document.getElementById(RUN_CONTROLS_ID);
      target?.focus();
      target?.scrollIntoView({ block: 'center' });
    }}>Skip to run controls</a>
  );
}
