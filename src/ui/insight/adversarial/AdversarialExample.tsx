import { useState } from 'react';
import { useApp } from '../../store';
import { ChartRegion } from '../../charts/ChartRegion';
import { ExampleImage } from '../classification/ExampleImage';
import type { AttackExample, AttackImage } from '../../../worker/attack-protocol';
import { attackCommands } from './commands';
import { AttackSettings, useAttackSettings } from './AttackSettings';
import { drawnNoun, exampleSummary, pct } from './summary';

/**
 * An image dataset's test image, or the digit drawn on the pad, under attack at the current
 * weights: the original, the perturbation (amplified so that its largest element is full
 * contrast; the scale says by how much), the adversarial image, and the model's prediction
 * on each with its confidence.
 */
export function AdversarialExample({ height, width, channels, testSize }: { height: number; width: number; channels: number; testSize: number }) {
  const status = useApp((s) => s.status);
  const noun = drawnNoun(useApp((s) => s.experiment.data.dataset));
  const drawnPixels = useApp((s) => s.drawnPixels);
  const settings = useAttackSettings('image');
  const [index, setIndex] = useState(0);
  const [choice, setChoice] = useState<AttackImage['kind']>('test');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AttackExample | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // The pad cleared after "Drawn digit" was chosen: back to the test image, as the menu shows.
  const source: AttackImage['kind'] = choice === 'drawn' && drawnPixels ? 'drawn' : 'test';
  const canRun = status !== 'preparing' && status !== 'error' && !busy;
  const run = async () => {
    setBusy(true);
    const image: AttackImage = source === 'drawn' && drawnPixels ? { kind: 'drawn', pixels: drawnPixels } : { kind: 'test', index };
    const answer = await attackCommands().example(image, settings.request);
    setBusy(false);
    if (answer.ok) { setResult(answer.value); setMessage(null); } else setMessage(answer.message);
  };
  const summary = result ? exampleSummary(result, noun) : `Pick a test image (or draw a ${noun}) and an attack, then press Attack.`;
  const peak = result ? Math.max(1e-12, ...result.perturbation.map(Math.abs)) : 1;
  const what = result?.source === 'drawn' ? `drawn ${noun}` : `test image ${result?.index ?? 0}`;
  return (
    <ChartRegion
      name="Adversarial example"
      summary={summary}
      controls={(
        <div className="chart-controls attack-controls">
          <label>Image to attack <select value={source} onChange={(e) => setChoice(e.target.value as AttackImage['kind'])}>
            <option value="test">Test image</option>
            <option value="drawn" disabled={!drawnPixels} title={drawnPixels ? undefined : `Draw a ${noun} on the pad in "Draw" first.`}>Drawn {noun}</option>
          </select></label>
          {source === 'test' && (
            <label>Test image <input type="number" min={0} max={Math.max(0, testSize - 1)} step={1} value={index} onChange={(e) => setIndex(Math.max(0, Math.min(testSize - 1, Math.round(Number(e.target.value) || 0))))} /></label>
          )}
          <AttackSettings {...settings} />
          <button type="button" className="primary" disabled={!canRun} onClick={() => void run()}>{busy ? 'Attacking…' : 'Attack'}</button>
        </div>
      )}
    >
      {message && <p className="error small" role="alert">{message}</p>}
      {result && (
        <div className="attack-images" data-testid="attack-result" data-source={result.source} data-clean={result.clean.predicted} data-attacked={result.attacked.predicted} data-epsilon={result.epsilon}>
          <figure>
            <ExampleImage pixels={result.original} height={height} width={width} channels={channels} scale={4} label={`Original ${what}`} />
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
