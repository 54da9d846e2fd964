// How the speed views ask the worker for a measurement; src/app (the worker bridge)
// supplies the implementation, as for the run commands (../commands.ts).
import type { SpeedJob } from '../../worker/speed-protocol';

let send: (job: SpeedJob) => boolean = () => false;

export function setSpeedCommand(f: (job: SpeedJob) => boolean): void {
  send = f;
}

/** Sends the job; false when there is no run to measure (the experiment is invalid). */
export function runSpeedJob(job: SpeedJob): boolean {
  return send(job);
}
