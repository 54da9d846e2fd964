import type { RunStorage, StoredCsv } from './storage';
import type { RunWeights, StoredRun } from './run-record';

// A RunStorage in Maps for tests, with switches that make writes fail the ways browsers do.

export class FakeStorage implements RunStorage {
  runs = new Map<string, StoredRun>();
  weights = new Map<string, RunWeights>();
  csv = new Map<string, StoredCsv>();
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
  async removeRun(id: string) { this.check(false); this.runs.delete(id); this.weights.delete(id); }
  async putWeights(id: string, w: RunWeights) { this.check(true); this.weights.set(id, structuredClone(w)); }
  async getWeights(id: string) { this.check(false); return this.weights.get(id); }
  async putCsv(hash: string, csv: StoredCsv) { this.check(true); this.csv.set(hash, structuredClone(csv)); }
  async getCsv(hash: string) { this.check(false); return this.csv.get(hash); }
}
