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
import './theme.css';
import './layout.css';

/** The page: header, alerts, then data | model | run & settings. */
export function App() {
  return (
    <div className="app">
      <Header />
      <div className="banners">
        <WebGpuBanner />
        <NoticeBanner />
        <UndoBar />
      </div>
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
