import { Panel } from '../fields';
import { KernelTimes } from './KernelTimes';
import { Race } from './Race';
import { GemmLab } from './GemmLab';
import { BatchSweep } from './BatchSweep';
import './speed.css';

/**
 * What makes training fast: each view measures on demand, in the worker, on trainers of its
 * own; the user's run pauses while one runs and resumes after.
 */
export function SpeedPanel() {
  return (
    <Panel title="Speed" className="panel-speed">
      <div className="charts">
        <KernelTimes />
        <Race />
        <GemmLab />
        <BatchSweep />
      </div>
    </Panel>
  );
}
