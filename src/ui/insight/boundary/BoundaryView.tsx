import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../store';
import { CheckField, Panel } from '../../fields';
import { isPointDataset } from '../../../spec';
import type { PlaneInfo } from '../../../worker/protocol';
import { BLUE, ORANGE, classColour, css, divergingColour, symmetricScale } from './colour';
import { cellAt, cellCentre, paintGrid, toPixels } from './plot';
import { boundarySummary, picture, predictionText } from './values';
import { probeCommands } from './commands';
import { ArrowControls, ArrowLayer } from './AttackArrows';

// The model's output over the input plane, refreshed live by the worker's probe, with the
// training (and on request the test) points on top, and on request the attack's arrows from
// test points to their adversarial points. Axes are the raw x1, x2.

const POINTS_PX = 640; // the points layer's own resolution; CSS scales it with the plot
const CLASS_NAMES = ['negative', 'positive'];

export function BoundaryView() {
  const dataset = useApp((s) => s.experiment.data.dataset);
  const open = useApp((s) => s.boundaryOpen);
  const setOpen = useApp((s) => s.setBoundaryOpen);
  const plane = useApp((s) => s.plane);
  const toggle = (
    <button type="button" className="btn btn-small" aria-pressed={!open} onClick={() => { probeCommands().setEnabled(!open); setOpen(!open); }}>
      {open ? 'Hide views' : 'Show views'}
    </button>
  );
  return (
    <Panel title="Decision boundary" className="panel-boundary" actions={toggle}>
      {!isPointDataset(dataset) ? <p className="muted small view-summary">Decision boundary: drawn for the 2-D datasets (circle, xor, gauss, spiral, plane, multigauss).</p>
        : !open ? <p className="muted small view-summary">Decision boundary: hidden (no evaluations run while it is hidden).</p>
          : !plane ? <p className="muted small view-summary">Decision boundary: waiting for the run to be prepared.</p>
            : <BoundaryPlot plane={plane} />}
    </Panel>
  );
}

function BoundaryPlot({ plane }: { plane: PlaneInfo }) {
  const probe = useApp((s) => s.probe);
  const showTest = useApp((s) => s.showTestData);
  const setShowTest = useApp((s) => s.setShowTestData);
  const discretize = useApp((s) => s.discretize);
  const setDiscretize = useApp((s) => s.setDiscretize);
  const source = useApp((s) => s.plotSource);
  const setSource = useApp((s) => s.setPlotSource);
  const grid = useRef<HTMLCanvasElement>(null);
  const points = useRef<HTMLCanvasElement>(null);
  const [cell, setCell] = useState<number | null>(null);
  const pic = probe ? picture(plane, probe, source, discretize) : null;

  useEffect(() => {
    if (grid.current && pic) paintGrid(grid.current, plane.size, pic.colourAt);
  });

  useEffect(() => {
    const canvas = points.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = POINTS_PX;
    canvas.height = POINTS_PX;
    ctx.clearRect(0, 0, POINTS_PX, POINTS_PX);
    const targetScale = plane.task === 'regression' ? symmetricScale(plane.train.y) : 1;
    const draw = (set: PlaneInfo['train'], ring: string) => {
      for (let i = 0; i < set.y.length; i++) {
        const [px, py] = toPixels(set.points[2 * i], set.points[2 * i + 1], plane.extent, POINTS_PX);
        ctx.fillStyle = css(plane.task === 'classification' ? classColour(set.y[i]) : divergingColour(set.y[i], targetScale));
        ctx.beginPath();
        ctx.arc(px, py, 5, 0, Math.PI * 2);
        ctx.fill();
        ctx.strokeStyle = ring;
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
    };
    draw(plane.train, 'rgba(255,255,255,0.9)');
    if (showTest) draw(plane.test, 'rgba(20,20,20,0.9)');
  }, [plane, showTest]);

  const onPick = (e: React.MouseEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    setCell(cellAt((e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height, plane.size));
  };
  const at = cell !== null ? cellCentre(cell, plane.size, plane.extent) : null;
  const summary = boundarySummary(plane, probe);
  return (
    <div className="boundary">
      <div className="boundary-plot" onClick={onPick} title="Click a point to see the model's prediction there">
        <canvas ref={grid} className="boundary-grid" role="img"
          aria-label={`${pic?.title ?? 'Model output'} over x1 from ${-plane.extent} to ${plane.extent} and x2 from ${-plane.extent} to ${plane.extent}`} />
        <canvas ref={points} className="boundary-points" aria-hidden="true" />
        <ArrowLayer plane={plane} />
        <span className="axis axis-x1" aria-hidden="true">x₁</span>
        <span className="axis axis-x2" aria-hidden="true">x₂</span>
      </div>
      <div className="boundary-axes muted small" aria-hidden="true"><span>{-plane.extent}</span><span>x₁, x₂ from {-plane.extent} to {plane.extent}</span><span>{plane.extent}</span></div>
      {pic?.scale != null && (
        <div className="boundary-legend small" aria-label={`Colour scale from ${(-pic.scale).toPrecision(3)} (orange) to ${pic.scale.toPrecision(3)} (blue)`}>
          <span>{(-pic.scale).toPrecision(3)}</span>
          <span className="legend-bar" style={{ background: `linear-gradient(to right, ${css(ORANGE)}, rgb(232, 234, 235), ${css(BLUE)})` }} />
          <span>{pic.scale.toPrecision(3)}</span>
        </div>
      )}
      {pic?.scale == null && plane.task === 'classification' && (
        <p className="muted small boundary-key">
          <span className="swatch" style={{ background: css(classColour(0)) }} /> {CLASS_NAMES[0]}{' '}
          <span className="swatch" style={{ background: css(classColour(1)) }} /> {CLASS_NAMES[1]}; paler where the model is less sure
        </p>
      )}
      {source.kind !== 'output' && (
        <p className="small boundary-source">Showing {pic?.title ?? 'a neuron'}. <button type="button" className="btn btn-small" onClick={() => setSource({ kind: 'output' })}>Show model output</button></p>
      )}
      <div className="boundary-toggles">
        <CheckField label="Show test data" checked={showTest} onChange={setShowTest} />
        <CheckField label="Discretize output" checked={discretize} onChange={setDiscretize} />
      </div>
      <ArrowControls plane={plane} />
      <p className="small boundary-readout" role="status">
        {at && probe ? `At x₁ = ${at.x1.toFixed(2)}, x₂ = ${at.x2.toFixed(2)}: ${predictionText(plane, probe, cell!, CLASS_NAMES)}.` : 'Click the plot to see the prediction at a point.'}
      </p>
      <p className="muted small view-summary" data-step={probe?.step} data-train-accuracy={probe?.trainAccuracy} data-train-mse={probe?.trainMse}>{summary}</p>
    </div>
  );
}
