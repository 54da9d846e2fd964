import { Panel } from '../fields';
import { useApp } from '../store';
import { datasetInfo } from '../../spec';
import { ConfusionMatrix } from './classification/ConfusionMatrix';
import { Predictions } from './classification/Predictions';
import { DrawPad } from './draw/DrawPad';
import { Histograms } from './histograms/Histograms';
import './insight.css';

/** "Inside the model": classification results, the drawing pad and the histograms. */
export function InsightPanel() {
  const data = useApp((s) => s.experiment.data);
  const classification = data.dataset === 'csv' ? data.csv?.task !== 'regression' : datasetInfo(data.dataset).task === 'classification';
  return (
    <Panel title="Inside the model" className="panel-insight">
      <div className="insight">
        {classification && <ConfusionMatrix />}
        {classification && <Predictions />}
        <DrawPad />
        <Histograms />
      </div>
    </Panel>
  );
}
