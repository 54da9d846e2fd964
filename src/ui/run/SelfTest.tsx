import { useApp } from '../store';
import { runCommands } from '../commands';

/** Runs the GPU kernels against the CPU reference in the worker and shows what it found. */
export function SelfTest() {
  const selfTest = useApp((s) => s.selfTest);
  const start = useApp((s) => s.startSelfTest);
  return (
    <div className="self-test">
      <button type="button" disabled={selfTest.running} onClick={() => { start(); runCommands().selfTest(); }}>
        {selfTest.running ? 'Running GPU self-test…' : 'Run GPU self-test'}
      </button>
      {selfTest.ok !== null && (
        <p className={selfTest.ok ? 'ok-text' : 'error-text'} role={selfTest.ok ? 'status' : 'alert'}>
          {selfTest.ok ? 'Self-test passed' : 'Self-test failed'}
        </p>
      )}
      {selfTest.lines.length > 0 && <pre className="self-test-lines" aria-label="Self-test results">{selfTest.lines.join('\n')}</pre>}
    </div>
  );
}
