import { useApp } from '../../store';
import { ChartRegion } from '../../charts/ChartRegion';
import type { Histogram, HistogramSnapshot } from '../../../worker/insight-protocol';
import { RidgePlot } from './RidgePlot';
import { ConvFilters } from './ConvFilters';
import { insightCommands } from '../commands';

const WEIGHTS: [number, number, number] = [37, 99, 235];
const GRADS: [number, number, number] = [232, 89, 12];
const ACTS: [number, number, number] = [15, 157, 118];

function historyOf(snapshots: HistogramSnapshot[], layer: number, pick: 'weights' | 'gradients' | 'activations'): Histogram[] {
  return snapshots.map((s) => s.layers[layer]?.[pick]).filter((h): h is Histogram => h !== null && h !== undefined);
}

/**
 * Per layer: histograms of its weights, last gradients and activations over a batch of test
 * samples, with their history over the run (one curve per evaluation, newest in front);
 * for convolution layers also the filters and the feature maps of a chosen test image.
 */
export function Histograms() {
  const snapshots = useApp((s) => s.histograms);
  const latest = snapshots.at(-1);
  if (!latest) {
    return (
      <ChartRegion name="Histograms" summary="No evaluation yet.">
        <p className="muted small">
          Weights, gradients and activations per layer appear after each evaluation.{' '}
          <button type="button" onClick={() => insightCommands().featureImage(0)}>Show them now</button>
        </p>
      </ChartRegion>
    );
  }
  const withParams = latest.layers.filter((l) => l.parameterCount > 0).length;
  const summary = `Histograms at step ${latest.step}: ${latest.layers.length} layers (${withParams} with weights); history of the last ${snapshots.length} evaluation${snapshots.length === 1 ? '' : 's'}.`;
  return (
    <ChartRegion name="Histograms" summary={summary}>
      <div className="histograms">
        {latest.layers.map((l) => (
          <div className="histogram-layer" key={l.layer}>
            <h4>{l.label}</h4>
            <div className="ridges">
              {l.weights && <RidgePlot history={historyOf(snapshots, l.layer, 'weights')} label={`${l.label}: weights`} colour={WEIGHTS} />}
              {l.gradients && <RidgePlot history={historyOf(snapshots, l.layer, 'gradients')} label={`${l.label}: gradients`} colour={GRADS} />}
              <RidgePlot history={historyOf(snapshots, l.layer, 'activations')} label={`${l.label}: activations`} colour={ACTS} />
            </div>
          </div>
        ))}
      </div>
      {latest.conv.length > 0 && <ConvFilters snapshot={latest} />}
    </ChartRegion>
  );
}
