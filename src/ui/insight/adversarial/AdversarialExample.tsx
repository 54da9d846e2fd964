import { useState } from 'react';
import { useApp } from '../../store';
import { ChartRegion } from '../../charts/ChartRegion';
import { ExampleImage } from '../classification/ExampleImage';
import type { AttackExample } from '../../../worker/attack-protocol';
import { attackCommands } from './commands';
import { AttackSettings, useAttackSettings } from './AttackSettings';

/**
 * An image dataset's test image under attack at the current weights: the original, the
 * perturbation (amplified so that its largest element is full contrast; the scale says by
 * how much), the adversarial image, and the model's prediction on each with its confidence.
 */
export function AdversarialExample({ height, width, channels, testSize }: { height: number; width: number; channels: number; testSize: number }) {
  const status = useApp((s) => s.status);
  const settings = useAttackSettings('image');
  const [index, setIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AttackExample | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const canRun = status !== 'preparing' && status !== 'error' && !busy;
  const run = async () => {
    setBusy(true);
    const answer = await attackCommands().example(index, settings.request);
    setBusy(false);
    if (answer.ok) { setResult(answer.value); setMessage(null); } else setMessage(answer.message);
  };
  const summary = result
    ? `Test image ${result.index} (a ${result.classNames[result.label]}): ${result.classNames[result.clean.predicted]} at ${pct(result.clean.confidence)} before, ${result.classNames[result.attacked.predicted]} at ${pct(result.attacked.confidence)} after ${result.method.toUpperCase()} at ε = ${result.epsilon}${result.attacked.predicted !== result.clean.predicted ? ': the prediction changed.' : ': the prediction held.'}`
    : 'Pick a test image and an attack, then press Attack.';
  const peak = result ? Math.max(1e-12, ...result.perturbation.map(Math.abs)) : 1;
  return (
    <ChartRegion
      name="Adversarial example"
      summary={summary}
      controls={(
        <div className="chart-controls">
          <label>Test image <input type="number" min={0} max={Math.max(0, testSize - 1)} step={1} value={index} onChange={(e) => setIndex(Math.max(0, Math.min(testSize - 1, Math.round(Number(e.target.value) || 0))))} /></label>
          <AttackSettings {...settings} />
          <button type="button" className="primary" disabled={!canRun} onClick={() => void run()}>{busy ? 'Attacking…' : 'Attack'}</button>
        </div>
      )}
    >
      {message && <p className="error small" role="alert">{message}</p>}
      {result && (
        <div className="attack-images" data-testid="attack-result" data-clean={result.clean.predicted} data-attacked={result.attacked.predicted} data-epsilon={result.epsilon}>
          <figure>
            <ExampleImage pixels={result.original} height={height} width={width} channels={channels} scale={4} label={`Original test image ${result.index}`} />
            <figcaption>Original: <b>{result.classNames[result.clean.predicted]}</b> {pct(result.clean.confidence)}</figcaption>
          </figure>
          <figure>
            <ExampleImage pixels={result.perturbation.map((p) => 128 + (127 * p) / peak)} height={height} width={width} channels={channels} scale={4} label="Perturbation, amplified" />
            <figcaption>Perturbation ×{(127 / 255 / peak).toFixed(1)} (largest {peak.toFixed(3)})</figcaption>
          </figure>
          <figure>
            <ExampleImage pixels={result.adversarial} height={height} width={width} channels={channels} scale={4} label="Adversarial image" />
            <figcaption>Adversarial: <b>{result.classNames[result.attacked.predicted]}</b> {pct(result.attacked.confidence)}</figcaption>
          </figure>
        </div>
      )}
    </ChartRegion>
  );
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
