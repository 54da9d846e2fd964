import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../../store';
import { ChartRegion, AXIS, GRID } from '../../charts/ChartRegion';
import { formatValue } from '../../format';
import { GradHealth } from '../../run/GradHealth';
import { HEALTH_THRESHOLDS } from '../../../train/health';
import type { HealthPoint } from '../../store/insight-slice';
import { remediesFor } from './remedies';

const PALETTE = ['#2563eb', '#e8590c', '#0f9d76', '#9333ea', '#db2777', '#ca8a04', '#0891b2', '#4b5563'];

function series(history: HealthPoint[], field: 'gradNorm' | 'updateRatio') {
  // Log axes cannot show 0 or non-finite values: those points are left out.
  return history.map((h) => Object.fromEntries([['step', h.step], ...h.layers.map((l) => [l.layer, l[field] > 0 && Number.isFinite(l[field]) ? l[field] : null])]));
}

function HealthChart({ data, layers, title }: { data: Record<string, number | null>[]; layers: string[]; title: string }) {
  return (
    <figure className="health-chart" aria-label={title}>
      <figcaption className="small muted">{title}</figcaption>
      <ResponsiveContainer width="100%" height={150}>
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} {...AXIS} />
          <YAxis scale="log" domain={['auto', 'auto']} width={48} {...AXIS} tickFormatter={(v: number) => formatValue(v, 2)} allowDataOverflow />
          <Tooltip formatter={(v) => formatValue(Number(v), 3)} labelFormatter={(l) => `step ${l}`} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 11 }} />
          {layers.map((l, i) => <Line key={l} dataKey={l} name={l} stroke={PALETTE[i % PALETTE.length]} dot={false} isAnimationActive={false} strokeWidth={1.5} connectNulls />)}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * Gradient health over the run: per layer the gradient norm and the update-to-weight ratio
 * of each evaluated epoch's last step, the latest values as a table, and a warning naming
 * the layers whose gradients vanish or explode, with the usual remedies one click away.
 */
export function GradHealthRegion() {
  const history = useApp((s) => s.healthHistory);
  const health = useApp((s) => s.health);
  const experiment = useApp((s) => s.experiment);
  const edit = useApp((s) => s.edit);
  const layers = useMemo(() => [...new Set(history.flatMap((h) => h.layers.map((l) => l.layer)))], [history]);
  const grads = useMemo(() => series(history, 'gradNorm'), [history]);
  const ratios = useMemo(() => series(history, 'updateRatio'), [history]);
  const flagged = health.filter((h) => h.flag !== 'ok');
  const remedies = remediesFor(experiment, health);
  const summary = health.length === 0
    ? 'No evaluation yet.'
    : flagged.length === 0
      ? `Gradient health at step ${history.at(-1)?.step ?? 0}: all ${health.length} layers ok; ${history.length} evaluation${history.length === 1 ? '' : 's'} so far.`
      : `Gradient health: ${flagged.map((h) => `${h.layer} ${h.flag}`).join(', ')}.`;
  const t = HEALTH_THRESHOLDS;
  return (
    <ChartRegion name="Gradient health" summary={summary}>
      {flagged.length > 0 && (
        <div className="health-warning" role="alert">
          <p>
            <strong>{flagged.some((h) => h.flag === 'exploding') ? 'Exploding' : 'Vanishing'} gradients</strong> in {flagged.map((h) => h.layer).join(', ')}.
            {' '}Try:
          </p>
          <ul className="remedies">
            {remedies.map((r) => (
              <li key={r.id}><button type="button" title={r.why} onClick={() => edit(r.apply)}>{r.label}</button> <span className="muted small">{r.why}</span></li>
            ))}
          </ul>
        </div>
      )}
      {history.length > 0 && (
        <div className="health-charts">
          <HealthChart data={grads} layers={layers} title="Gradient norm per layer" />
          <HealthChart data={ratios} layers={layers} title="Update / weight ratio per layer" />
        </div>
      )}
      <GradHealth />
      <p className="muted small">
        Vanishing: gradient norm below {t.vanishingGrad.toExponential(0)}. Exploding: gradient norm above {t.explodingGrad.toExponential(0)},
        {' '}not finite, or one update larger than {t.explodingRatio}× the weights&apos; norm. Healthy update ratios are around 1e-3.
      </p>
    </ChartRegion>
  );
}
