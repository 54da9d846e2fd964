import { useApp } from '../../store';
import { ChartRegion } from '../../charts/ChartRegion';
import { formatValue } from '../../format';
import type { ClassificationReport, PredictionExample } from '../../../worker/insight-protocol';
import { ExampleImage } from './ExampleImage';

/** Examples shown without a filter (misclassified first). */
const GRID_SIZE = 24;

function ExampleCard({ ex, report }: { ex: PredictionExample; report: ClassificationReport }) {
  const names = report.classNames;
  const wrong = ex.label !== ex.predicted;
  const caption = `true ${names[ex.label]}, predicted ${names[ex.predicted]} (${Math.round(ex.confidence * 100)}%)`;
  const input = report.input;
  return (
    <li className={wrong ? 'example wrong' : 'example'} data-true={ex.label} data-predicted={ex.predicted} aria-label={`Test example ${ex.index}: ${caption}`}>
      {input.kind === 'image'
        ? <ExampleImage pixels={ex.data} height={input.height} width={input.width} channels={input.channels} label={`test image ${ex.index}`} />
        : (
          <dl className="example-values">
            {input.featureNames.slice(0, 6).map((f, i) => <div key={f}><dt>{f}</dt><dd>{formatValue(ex.data[i], 3)}</dd></div>)}
          </dl>
        )}
      <span className="example-caption">{caption}</span>
    </li>
  );
}

/** A grid of test predictions (misclassified first), filtered by a confusion-matrix cell. */
export function Predictions() {
  const report = useApp((s) => s.classification);
  const filter = useApp((s) => s.cellFilter);
  const setFilter = useApp((s) => s.setCellFilter);
  if (!report) {
    return <ChartRegion name="Predictions" summary="No evaluation yet."><p className="muted small">Test predictions appear after the first evaluation.</p></ChartRegion>;
  }
  const names = report.classNames;
  const wrongTotal = report.matrix.reduce((a, row, t) => a + row.reduce((b, c, p) => b + (p === t ? 0 : c), 0), 0);
  let shown: PredictionExample[];
  let summary: string;
  if (filter) {
    const inCell = report.matrix[filter.trueClass]?.[filter.predicted] ?? 0;
    shown = report.examples.filter((e) => e.label === filter.trueClass && e.predicted === filter.predicted);
    summary = `True ${names[filter.trueClass]}, predicted ${names[filter.predicted]}: showing ${shown.length} of ${inCell.toLocaleString('en-US')}.`;
  } else {
    shown = report.examples.slice(0, GRID_SIZE);
    summary = `${wrongTotal.toLocaleString('en-US')} of ${report.testSize.toLocaleString('en-US')} test examples misclassified; showing ${shown.length}, misclassified first.`;
  }
  const controls = filter ? <button type="button" onClick={() => setFilter(null)}>Clear filter</button> : undefined;
  return (
    <ChartRegion name="Predictions" summary={summary} controls={controls}>
      <ul className="examples" aria-label="Prediction examples">
        {shown.map((ex) => <ExampleCard key={ex.index} ex={ex} report={report} />)}
      </ul>
    </ChartRegion>
  );
}
