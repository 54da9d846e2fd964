import { useEffect, useMemo, useRef } from 'react';
import { generateSynthetic, isSyntheticName } from '../../data';
import type { DatasetName } from '../../spec';

// The 2-D sets drawn on a canvas: orange and blue by class, a diverging colour for regression
// targets. Generated from the experiment's seed, so it shows exactly the points that train.

const SIZE = 240;
const CLASS_COLOURS = ['#f59322', '#0877bd'];

function targetColour(t: number): string {
  // -1 -> orange, 0 -> light grey, 1 -> blue (TensorFlow Playground's palette).
  const c = Math.max(-1, Math.min(1, t));
  const [r, g, b] = c < 0 ? mix([232, 234, 235], [245, 147, 34], -c) : mix([232, 234, 235], [8, 119, 189], c);
  return `rgb(${r}, ${g}, ${b})`;
}

function mix(a: number[], b: number[], t: number): number[] {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}

export function ScatterPreview({ dataset, seed, noise }: { dataset: DatasetName; seed: number; noise: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const data = useMemo(() => (isSyntheticName(dataset) ? generateSynthetic(dataset, { seed, noise, n: 500 }) : null), [dataset, seed, noise]);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !data) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.current!.width = SIZE * dpr;
    canvas.current!.height = SIZE * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fbfcfd';
    ctx.fillRect(0, 0, SIZE, SIZE);
    let extent = 1e-6;
    for (const v of data.x) extent = Math.max(extent, Math.abs(v));
    const scale = (SIZE / 2 - 8) / extent;
    ctx.strokeStyle = '#e3e7ec';
    ctx.beginPath();
    ctx.moveTo(SIZE / 2, 0); ctx.lineTo(SIZE / 2, SIZE);
    ctx.moveTo(0, SIZE / 2); ctx.lineTo(SIZE, SIZE / 2);
    ctx.stroke();
    for (let i = 0; i < data.n; i++) {
      const px = SIZE / 2 + data.x[2 * i] * scale;
      const py = SIZE / 2 - data.x[2 * i + 1] * scale;
      ctx.fillStyle = data.task === 'classification' ? CLASS_COLOURS[data.y[i]] : targetColour(data.y[i]);
      ctx.beginPath();
      ctx.arc(px, py, 2.6, 0, Math.PI * 2);
      ctx.fill();
      ctx.strokeStyle = 'rgba(255,255,255,0.8)';
      ctx.lineWidth = 0.6;
      ctx.stroke();
    }
  }, [data]);
  if (!data) return null;
  const summary = data.task === 'classification'
    ? `${data.n} points in two classes (orange and blue)`
    : `${data.n} points coloured by their target value`;
  return <canvas ref={canvas} className="preview-canvas" style={{ width: SIZE, height: SIZE }} role="img" aria-label={`Preview of the ${dataset} dataset: ${summary}`} />;
}
