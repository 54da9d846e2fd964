import { useApp } from '../store';

const TITLES: Record<string, string> = {
  invalid: 'The experiment is not valid',
  data: 'The data could not be loaded',
  nonFinite: 'Training diverged',
  device: 'The GPU stopped working',
  internal: 'Something went wrong in the trainer',
};

/** The worker's last error; the experiment itself is untouched, so fixing it and training again works. */
export function RunError() {
  const error = useApp((s) => s.error);
  // Without WebGPU the banner above already says so and offers the CPU backend.
  const bannerSaysIt = useApp((s) => s.adapter.status === 'none' && s.experiment.backend === 'webgpu');
  if (!error || (error.kind === 'device' && bannerSaysIt)) return null;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        <strong>{TITLES[error.kind] ?? 'Training stopped'}.</strong> {error.message}
        {error.path && <code className="issue-path">{error.path}</code>}
        {error.kind === 'device' && <span> Switch the backend to CPU, or reload the page to get a new GPU device.</span>}
      </div>
    </div>
  );
}
