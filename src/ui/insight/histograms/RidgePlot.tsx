import { useEffect, useRef } from 'react';
import type { Histogram } from '../../../worker/insight-protocol';
import { formatValue } from '../../format';
import { histogramTotal, ridgeCurves } from './ridge';

const W = 150;
const H = 64;

/** The history of one distribution (oldest at the back), drawn on a canvas. */
export function RidgePlot({ history, label, colour }: { history: Histogram[]; label: string; colour: [number, number, number] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { curves, min, max } = ridgeCurves(history);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, W, H);
    const [r, g, b] = colour;
    for (const c of curves) {
      ctx.beginPath();
      c.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x * W, y * H) : ctx.lineTo(x * W, y * H)));
      ctx.closePath();
      ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${0.08 + 0.3 * c.age})`;
      ctx.strokeStyle = `rgba(${r}, ${g}, ${b}, ${0.3 + 0.7 * c.age})`;
      ctx.fill();
      ctx.stroke();
    }
  }, [curves, colour]);
  const latest = history.at(-1);
  const total = latest ? histogramTotal(latest) : 0;
  return (
    <figure className="ridge" data-count={total} aria-label={`${label}: ${total} values`}>
      <canvas ref={ref} width={W} height={H} />
      <figcaption>
        <span>{label.split(': ').pop()}</span>
        <span className="muted">{latest ? `${total.toLocaleString('en-US')} in [${formatValue(min, 2)}, ${formatValue(max, 2)}]` : '—'}</span>
      </figcaption>
    </figure>
  );
}
