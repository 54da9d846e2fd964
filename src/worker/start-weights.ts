// "Load weights" on the page: the weights a run starts from instead of the seed's initial
// ones. They load into the current model at once (paused, ready or finished) and again
// into every fresh start of a run (Reset, Train after a finished run, a changed
// experiment), so freezing a layer or changing the data after loading keeps them; "Forget"
// goes back to the seed's weights. Each load posts the report of what matched.
import type { NamedTensor } from '../train/safetensors';
import type { WeightsReport } from '../train/weights-import';
import type { FromWorker } from './protocol';

interface Loadable {
  loadWeights(file: readonly NamedTensor[]): Promise<WeightsReport>;
}

export class StartWeights {
  private loaded: { source: string; tensors: NamedTensor[] } | null = null;

  constructor(private readonly post: (m: FromWorker) => void) {}

  /** Loads `tensors` into `trainer` now; kept for later starts when anything matched. */
  async load(trainer: Loadable, source: string, tensors: NamedTensor[]): Promise<void> {
    const report = await trainer.loadWeights(tensors);
    this.loaded = report.matched.length > 0 ? { source, tensors } : this.loaded;
    this.post({ type: 'weightsLoaded', source, report });
  }

  forget(): void {
    this.loaded = null;
    this.post({ type: 'weightsLoaded', source: null, report: null });
  }

  /** After a trainer was created or reset: the loaded weights again, if any. */
  async apply(trainer: Loadable): Promise<void> {
    if (!this.loaded) return;
    const report = await trainer.loadWeights(this.loaded.tensors);
    this.post({ type: 'weightsLoaded', source: this.loaded.source, report });
  }
}
