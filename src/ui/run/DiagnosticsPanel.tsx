import { Panel } from '../fields';
import { GradHealthRegion } from '../insight/health/GradHealthRegion';
import { RunHistory } from './RunHistory';
import { SelfTest } from './SelfTest';

export function DiagnosticsPanel() {
  return (
    <Panel title="Diagnostics" className="panel-diagnostics">
      <GradHealthRegion />
      <h3 className="sub">Run history</h3>
      <RunHistory />
      <h3 className="sub">GPU self-test</h3>
      <SelfTest />
    </Panel>
  );
}
