import { useCallback, useEffect, useRef } from 'react';
import { useApp } from '../../store';
import { ChartRegion } from '../../charts/ChartRegion';
import { datasetInfo } from '../../../spec';
import { insightCommands } from '../commands';
import { downsample, inkBounds, placement } from './downsample';

/** The pad's size in CSS pixels (and canvas pixels): 7 per input pixel of a 28x28 set. */
const PAD = 196;
const INK_WIDTH = 16;

let nextRequest = 1;

/**
 * Draw a digit or a garment with the mouse, a pen or a finger and see the model's class
 * probabilities live (image datasets only). The picture is averaged down to the dataset's
 * size; the worker normalises it as the data and runs the model in evaluation mode.
 */
export function DrawPad() {
  const dataset = useApp((s) => s.experiment.data.dataset);
  const info = datasetInfo(dataset);
  const shape = info.inputShape;
  const isImage = shape !== null && shape.length === 3 && shape[2] === 1;
  const drawn = useApp((s) => s.drawn);
  const clearDrawn = useApp((s) => s.clearDrawn);
  const setDrawnPixels = useApp((s) => s.setDrawnPixels);
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const frame = useRef<number | null>(null);

  const blank = useCallback(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD, PAD);
  }, []);
  // A new canvas is blank: what the store held of an earlier one (the pixels the
  // adversarial view attacks) is gone with it.
  useEffect(() => { blank(); clearDrawn(); }, [blank, isImage, clearDrawn]);

  const send = useCallback(() => {
    frame.current = null;
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !shape) return;
    // Fitted and centred as the dataset's images are, then averaged down to their size.
    const ink = inkBounds(ctx.getImageData(0, 0, PAD, PAD).data, PAD, PAD);
    const fitted = document.createElement('canvas');
    fitted.width = PAD;
    fitted.height = PAD;
    const f = fitted.getContext('2d')!;
    f.fillStyle = '#000';
    f.fillRect(0, 0, PAD, PAD);
    if (ink && canvas.current) {
      const to = placement(ink, PAD, dataset === 'mnist' ? 20 / 28 : 1);
      f.drawImage(canvas.current, ink.x, ink.y, ink.w, ink.h, to.x, to.y, to.w, to.h);
    }
    const pixels = downsample(f.getImageData(0, 0, PAD, PAD).data, PAD, PAD, shape[1], shape[0]);
    setDrawnPixels(pixels);
    insightCommands().predict(nextRequest++, pixels);
  }, [shape, dataset, setDrawnPixels]);
  const schedule = () => { if (frame.current === null) frame.current = requestAnimationFrame(send); };

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * PAD) / r.width, y: ((e.clientY - r.top) * PAD) / r.height };
  };
  const stroke = (to: { x: number; y: number }) => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const from = last.current ?? to;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = INK_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + (from === to ? 0.01 : 0), to.y);
    ctx.stroke();
    last.current = to;
    schedule();
  };

  if (!isImage) return null;
  const names = drawn?.classNames ?? [];
  const probs = drawn?.probabilities ?? null;
  const best = probs ? probs.indexOf(Math.max(...probs)) : -1;
  const summary = probs ? `Draw: the model says ${names[best] ?? best} (${(probs[best] * 100).toFixed(1)}%).` : `Draw a ${dataset === 'mnist' ? 'digit' : 'garment'} to see what the model makes of it.`;
  return (
    <ChartRegion name="Draw" summary={summary} controls={<button type="button" onClick={() => { blank(); last.current = null; clearDrawn(); }}>Clear</button>}>
      <div className="draw">
        <canvas
          ref={canvas}
          width={PAD}
          height={PAD}
          className="draw-pad"
          aria-label="Drawing pad"
          onPointerDown={(e) => { e.currentTarget.setPointerCapture?.(e.pointerId); last.current = null; stroke(point(e)); }}
          onPointerMove={(e) => { if (e.buttons !== 0 || e.pointerType === 'touch') { if (last.current) stroke(point(e)); } }}
          onPointerUp={() => { last.current = null; }}
          onPointerCancel={() => { last.current = null; }}
        />
        <table className="probabilities" aria-label="Class probabilities">
          <thead><tr><th scope="col">Class</th><th scope="col">Probability</th></tr></thead>
          <tbody>
            {(probs ?? []).map((p, c) => (
              <tr key={c} className={c === best ? 'best' : undefined}>
                <th scope="row">{names[c] ?? c}</th>
                <td><span className="prob-bar" style={{ width: `${(p * 100).toFixed(1)}%` }} /><span className="prob-value">{(p * 100).toFixed(1)}%</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartRegion>
  );
}
