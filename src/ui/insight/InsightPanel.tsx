import { Panel } from '../fields';
import { useApp } from '../store';
import { datasetInfo } from '../../spec';
import { ConfusionMatrix } from './classification/ConfusionMatrix';
import { Predictions } from './classification/Predictions';
import { DrawPad } from './draw/DrawPad';
import { Histograms } from './histograms/Histograms';
import { AdversarialExample } from './adversarial/AdversarialExample';
import { Robustness } from './adversarial/Robustness';
import './insight.css';

/** "Inside the model": classification results, the drawing pad and the histograms. */
export function InsightPanel() {
  const data = useApp((s) => s.experiment.data);
  const classification = data.dataset === 'csv' ? data.csv?.task !== 'regression' : datasetInfo(data.dataset).task === 'classification';
  const shape = datasetInfo(data.dataset).inputShape;
  const image = shape !== null && shape.length === 3 ? { height: shape[0], width: shape[1], channels: shape[2] } : null;
  const testSize = useApp((s) => s.info?.testSize ?? 0);
  return (
    <Panel title="Inside the model" className="panel-insight">
      <div className="insight">
        {classification && <ConfusionMatrix />}
        {classification && <Predictions />}
        <DrawPad />
        {classification && image && <AdversarialExample {...image} testSize={testSize} />}
        {classification && <Robustness kind={image ? 'image' : 'features'} />}
        <Histograms />
      </div>
    </Panel>
  );
}
