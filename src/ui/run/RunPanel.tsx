import { Panel } from '../fields';
import { RunControls } from './RunControls';
import { RunError } from './RunError';
import { LossChart } from '../charts/LossChart';
import { AccuracyChart } from '../charts/AccuracyChart';
import { ThroughputChart } from '../charts/ThroughputChart';
import { LearningRateChart } from '../charts/LearningRateChart';
import { CompareRuns } from './CompareRuns';

/** Right column, top: the run's controls and its live charts. */
export function RunPanel() {
  return (
    <Panel title="Run" className="panel-run">
      <RunControls />
      <RunError />
      <div className="charts">
        <LossChart />
        <CompareRuns />
        <AccuracyChart />
        <ThroughputChart />
        <LearningRateChart />
      </div>
    </Panel>
  );
}
