import { Panel } from '../fields';
import { GradHealthRegion } from '../insight/health/GradHealthRegion';
import { RunEvents } from './RunEvents';
import { SelfTest } from './SelfTest';

export function DiagnosticsPanel() {
  return (
    <Panel title="Diagnostics" className="panel-diagnostics">
      <GradHealthRegion />
      <h3 className="sub">Run events</h3>
      <RunEvents />
      <h3 className="sub">GPU self-test</h3>
      <SelfTest />
    </Panel>
  );
}
