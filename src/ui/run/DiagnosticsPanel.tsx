import { Panel } from '../fields';
import { GradHealth } from './GradHealth';
import { RunEvents } from './RunEvents';
import { SelfTest } from './SelfTest';

export function DiagnosticsPanel() {
  return (
    <Panel title="Diagnostics" className="panel-diagnostics">
      <h3 className="sub">Gradient health</h3>
      <GradHealth />
      <h3 className="sub">Run events</h3>
      <RunEvents />
      <h3 className="sub">GPU self-test</h3>
      <SelfTest />
    </Panel>
  );
}
