import { useEffect, useMemo, useRef } from 'react';
import { useApp } from '../../store';
import type { PlotSource } from '../../store';
import { Panel } from '../../fields';
import { FEATURE_LABELS, isPointDataset } from '../../../spec';
import type { PlaneInfo } from '../../../worker/protocol';
import { BLUE, ORANGE, css, divergingColour, symmetricScale } from './colour';
import { NODE, networkLayout } from './network-layout';
import { paintGrid } from './plot';

// TensorFlow Playground's network picture for small dense models: each neuron with a
// thumbnail of its output over the plane, each weight an edge (blue positive, orange
// negative, wider when larger). Hover or focus shows values; a click shows a node in the
// big plot of the Decision boundary view.

/**
 * A diverging thumbnail of one grid of values: a canvas inside the SVG (the page's CSP allows
 * no data: images, and a canvas needs no encoding step at each refresh).
 */
function Thumb({ values, size, x, y }: { values: ArrayLike<number> | undefined; size: number; x: number; y: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current || !values) return;
    const scale = symmetricScale(values);
    paintGrid(ref.current, size, (i) => divergingColour(values[i], scale));
  }, [values, size]);
  return (
    <foreignObject x={x} y={y} width={NODE} height={NODE}>
      <canvas ref={ref} className="network-thumb" />
    </foreignObject>
  );
}

const same = (a: PlotSource, b: PlotSource) => JSON.stringify(a) === JSON.stringify(b);

export function NetworkView() {
  const dataset = useApp((s) => s.experiment.data.dataset);
  const plane = useApp((s) => s.plane);
  const open = useApp((s) => s.boundaryOpen);
  let body;
  if (!isPointDataset(dataset)) body = <p className="muted small view-summary">Network: drawn for small dense models on the 2-D datasets.</p>;
  else if (!open) body = <p className="muted small view-summary">Network: hidden with the decision boundary.</p>;
  else if (!plane) body = <p className="muted small view-summary">Network: waiting for the run to be prepared.</p>;
  else if (!plane.diagram.drawn) body = <p className="small view-summary network-reason">{plane.diagram.reason}</p>;
  else body = <NetworkDiagram plane={plane} />;
  return <Panel title="Network" className="panel-network">{body}</Panel>;
}

function NetworkDiagram({ plane }: { plane: PlaneInfo }) {
  const probe = useApp((s) => s.probe);
  const source = useApp((s) => s.plotSource);
  const setSource = useApp((s) => s.setPlotSource);
  const diagram = plane.diagram as Extract<PlaneInfo['diagram'], { drawn: true }>;
  const layout = useMemo(() => networkLayout(plane.features.length, diagram), [plane, diagram]);
  const G = plane.size * plane.size;
  const maxWeight = useMemo(() => Math.max(1e-6, ...(probe?.layers ?? []).map((l) => symmetricScale(l.weights))), [probe]);
  const edges = layout.edges.length;
  const shape = [plane.features.length, ...diagram.layers.map((l) => l.units)].join('-');
  const pick = (s: PlotSource) => setSource(same(s, source) ? { kind: 'output' } : s);
  const keyPick = (s: PlotSource) => (e: React.KeyboardEvent) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(s); } };
  return (
    <div className="network">
      <svg className="network-svg" viewBox={`0 0 ${layout.width} ${layout.height}`} role="group" aria-label={`Network ${shape}`}>
        {layout.edges.map((e) => {
          const w = probe?.layers[e.layer]?.weights[e.from * diagram.layers[e.layer].units + e.to];
          const text = `Weight from ${nodeName(plane, e.layer, e.from)} to neuron ${e.to + 1} of layer ${e.layer + 1}: ${w === undefined ? 'not yet read' : w.toPrecision(3)}`;
          return (
            <line key={`${e.layer}-${e.from}-${e.to}`} data-edge="" tabIndex={0} aria-label={text}
              x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2}
              stroke={w === undefined ? '#ccd' : css(w >= 0 ? BLUE : ORANGE)}
              strokeWidth={w === undefined ? 1 : 0.4 + 4.5 * Math.min(1, Math.abs(w) / maxWeight)}
              strokeOpacity={0.75} className="network-edge">
              <title>{text}</title>
            </line>
          );
        })}
        {layout.columns.map((column, c) => column.map((n) => {
          const s: PlotSource = c === 0 ? { kind: 'input', feature: n.row } : { kind: 'neuron', layer: c - 1, unit: n.row };
          const values = c === 0 ? plane.inputGrid[n.row] : probe?.layers[c - 1]?.nodes.subarray(n.row * G, (n.row + 1) * G);
          const bias = c > 0 ? probe?.layers[c - 1]?.biases[n.row] : undefined;
          const text = c === 0
            ? `Input ${FEATURE_LABELS[plane.features[n.row]]}: its value over the plane. Press to show it in the plot.`
            : `Neuron ${n.row + 1} of layer ${c} (${diagram.layers[c - 1].label}): bias ${bias === undefined ? 'not yet read' : bias.toPrecision(3)}. Press to show its output in the plot.`;
          const selected = same(s, source);
          return (
            <g key={`${c}-${n.row}`} role="button" tabIndex={0} aria-label={text} aria-pressed={selected} data-node=""
              className={`network-node${selected ? ' selected' : ''}`} onClick={() => pick(s)} onKeyDown={keyPick(s)}>
              <title>{text}</title>
              <rect x={n.x - 1.5} y={n.y - 1.5} width={NODE + 3} height={NODE + 3} rx={3} />
              <Thumb values={values} size={plane.size} x={n.x} y={n.y} />
            </g>
          );
        }))}
      </svg>
      <p className="muted small view-summary" data-edges={edges} data-step={probe?.step}>
        Network: {shape} ({diagram.layers.map((l) => l.label).join(' → ')}); {edges} weights drawn as edges{probe ? ` at step ${probe.step}` : ''}.
      </p>
    </div>
  );
}

function nodeName(plane: PlaneInfo, layer: number, index: number): string {
  return layer === 0 ? `input ${FEATURE_LABELS[plane.features[index]]}` : `neuron ${index + 1} of layer ${layer}`;
}
