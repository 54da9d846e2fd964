import { useApp } from '../store';

export const RUN_ERROR_TITLES: Record<string, string> = {
  invalid: 'The experiment is not valid',
  data: 'The data could not be loaded',
  nonFinite: 'Training diverged',
  device: 'The GPU stopped working',
  internal: 'Something went wrong in the trainer',
};

/** The worker refused this experiment (its data, or a check only the worker can make): Train waits for an edit. */
export const refusesExperiment = (error: { kind: string } | null) => error?.kind === 'data' || error?.kind === 'invalid';

/**
 * The worker's last error; the experiment itself is untouched, so fixing it and training again
 * works. A refusal of the experiment is said by the run controls instead, as why Train is off.
 */
export function RunError() {
  const error = useApp((s) => s.error);
  // Without WebGPU the banner above already says so and offers the CPU backend.
  const bannerSaysIt = useApp((s) => s.adapter.status === 'none' && s.experiment.backend === 'webgpu');
  if (!error || refusesExperiment(error) || (error.kind === 'device' && bannerSaysIt)) return null;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        <strong>{RUN_ERROR_TITLES[error.kind] ?? 'Training stopped'}.</strong> {error.message}
        {error.path && <code className="issue-path">{error.path}</code>}
        {error.kind === 'device' && <span> Switch the backend to CPU (WebAssembly SIMD), or reload the page to get a new GPU device.</span>}
      </div>
    </div>
  );
}
