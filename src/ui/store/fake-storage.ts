import type { RunStorage, StoredCsv } from './storage';
import type { RunWeights, StoredCheckpoint, StoredRun } from './run-record';
import { CHECKPOINTS_KEPT } from './storage';

// A RunStorage in Maps for tests, with switches that make writes fail the ways browsers do.

export class FakeStorage implements RunStorage {
  runs = new Map<string, StoredRun>();
  weights = new Map<string, RunWeights>();
  csv = new Map<string, StoredCsv>();
  checkpoints = new Map<string, StoredCheckpoint>();
  /** Writes throw QuotaExceededError while true. */
  full = false;
  /** Every call throws (IndexedDB blocked) while true. */
  unavailable = false;
  /** Most records the "disk" holds before it is full; Infinity for no limit. */
  capacity = Infinity;

  private check(write: boolean): void {
    if (this.unavailable) throw new DOMException('The operation is insecure.', 'SecurityError');
    if (write && this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
  async listRuns() { this.check(false); return [...this.runs.values()].map((r) => structuredClone(r)); }
  async putRun(run: StoredRun) {
    this.check(true);
    if (!this.runs.has(run.id) && this.runs.size >= this.capacity) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.runs.set(run.id, structuredClone(run));
  }
  async removeRun(id: string) { this.check(false); this.runs.delete(id); this.weights.delete(id); this.checkpoints.delete(id); }
  async putWeights(id: string, w: RunWeights) { this.check(true); this.weights.set(id, structuredClone(w)); }
  async getWeights(id: string) { this.check(false); return this.weights.get(id); }
  async putCheckpoint(c: StoredCheckpoint) {
    this.check(true);
    this.checkpoints.set(c.runId, structuredClone(c));
    for (const old of [...this.checkpoints.values()].sort((a, b) => b.savedAt - a.savedAt).slice(CHECKPOINTS_KEPT)) this.checkpoints.delete(old.runId);
  }
  async latestCheckpoint() { this.check(false); return [...this.checkpoints.values()].sort((a, b) => b.savedAt - a.savedAt)[0]; }
  async removeCheckpoint(runId: string) { this.check(false); this.checkpoints.delete(runId); }
  async putCsv(hash: string, csv: StoredCsv) { this.check(true); this.csv.set(hash, structuredClone(csv)); }
  async getCsv(hash: string) { this.check(false); return this.csv.get(hash); }
}
