import { Panel } from '../fields';
import { RunControls } from './RunControls';
import { RunError } from './RunError';
import { LossChart } from '../charts/LossChart';
import { AccuracyChart } from '../charts/AccuracyChart';
import { ThroughputChart } from '../charts/ThroughputChart';
import { LearningRateChart } from '../charts/LearningRateChart';
import { ComparedRuns } from './ComparedRuns';
import { RunHistory } from './RunHistory';
import { WeightsPanel } from './WeightsPanel';

/** Right column, top: the run's controls and its live charts. */
export function RunPanel() {
  return (
    <Panel title="Run" className="panel-run">
      <RunControls />
      <RunError />
      <WeightsPanel />
      <div className="charts">
        <LossChart />
        <ComparedRuns />
        <AccuracyChart />
        <ThroughputChart />
        <LearningRateChart />
      </div>
      <RunHistory />
    </Panel>
  );
}
