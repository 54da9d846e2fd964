import { useApp } from '../../store';
import { ChartRegion } from '../../charts/ChartRegion';
import { formatPercent } from '../../format';
import { summarizeConfusion } from '../../../train/insight';
import { cellColour, confusionSummary, darkCell } from './summary';

/**
 * The latest evaluation's confusion matrix: rows are true classes, columns predictions,
 * cells coloured by their share of the row; a cell's button filters the predictions grid.
 */
export function ConfusionMatrix() {
  const report = useApp((s) => s.classification);
  const filter = useApp((s) => s.cellFilter);
  const setFilter = useApp((s) => s.setCellFilter);
  if (!report) {
    return (
      <ChartRegion name="Classification results" summary="The confusion matrix appears after the first evaluation of a classification run.">
        <p className="muted small">Train a classifier to see which classes it confuses.</p>
      </ChartRegion>
    );
  }
  const { matrix, classNames } = report;
  const acc = summarizeConfusion(matrix).perClassAccuracy;
  return (
    <ChartRegion name="Classification results" summary={confusionSummary(report)}>
      <div className="matrix-scroll">
        <table className="confusion" aria-label="Confusion matrix">
          <thead>
            <tr>
              <th scope="col" className="corner"><span className="sr-only">True class \ predicted class</span><span aria-hidden="true">true ↓ / predicted →</span></th>
              {classNames.map((c) => <th key={c} scope="col">{c}</th>)}
              <th scope="col" className="acc">Accuracy</th>
            </tr>
          </thead>
          <tbody>
            {matrix.map((row, t) => {
              const total = row.reduce((a, c) => a + c, 0);
              return (
                <tr key={t}>
                  <th scope="row">{classNames[t]}</th>
                  {row.map((count, p) => {
                    const share = total ? count / total : 0;
                    const active = filter?.trueClass === t && filter.predicted === p;
                    return (
                      <td key={p} data-true={t} data-predicted={p} style={{ background: cellColour(share, t === p), color: darkCell(share) ? '#fff' : undefined }}>
                        <button
                          type="button"
                          className={active ? 'cell active' : 'cell'}
                          aria-pressed={active}
                          aria-label={`${count} with true class ${classNames[t]} predicted as ${classNames[p]}`}
                          disabled={count === 0}
                          onClick={() => setFilter(active ? null : { trueClass: t, predicted: p })}
                        >
                          {count}
                        </button>
                      </td>
                    );
                  })}
                  <td className="acc">{acc[t] === null ? '–' : formatPercent(acc[t]!)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </ChartRegion>
  );
}
