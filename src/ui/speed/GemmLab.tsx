import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../store';
import { AXIS, ChartRegion, COLOURS, GRID } from '../charts/ChartRegion';
import { formatNumber } from '../format';
import type { LabKernelName, LabLayoutName } from '../../worker/speed-protocol';
import { runSpeedJob } from './commands';
import { measuredOn } from './where';

const SIZES = [128, 256, 512, 1024];
const LAYOUTS: LabLayoutName[] = ['NN', 'NT', 'TN'];
const KERNEL_NAMES: Record<LabKernelName, string> = {
  naive: 'naive',
  tiled: 'workgroup-tiled',
  register: 'register-tiled vec4',
};
const KERNEL_COLOURS: Record<LabKernelName, string> = { naive: COLOURS.muted, tiled: COLOURS.test, register: COLOURS.train };

function toggle<T>(list: T[], v: T, on: boolean): T[] {
  return on ? [...new Set([...list, v])] : list.filter((x) => x !== v);
}

/** GFLOP/s of three GEMM kernels on this GPU at the sizes and layouts the user picks. */
export function GemmLab() {
  const result = useApp((s) => s.speedResults.gemm);
  const busy = useApp((s) => s.speedBusy);
  const progress = useApp((s) => s.speedProgress);
  const error = useApp((s) => s.speedErrors.gemm);
  const adapter = useApp((s) => s.adapter);
  const [sizes, setSizes] = useState<number[]>([128, 256]);
  const [layouts, setLayouts] = useState<LabLayoutName[]>(['NN']);
  const noGpu = adapter.status !== 'ok';
  const chartLayout = result?.rows[0]?.layout;
  const data = useMemo(() => {
    if (!result) return [];
    const bySize = new Map<number, Record<string, number>>();
    for (const r of result.rows) {
      if (r.layout !== chartLayout || r.gflops === null) continue;
      bySize.set(r.size, { ...(bySize.get(r.size) ?? { size: r.size }), [r.kernel]: r.gflops });
    }
    return [...bySize.values()].sort((a, b) => a.size - b.size);
  }, [result, chartLayout]);
  const best = result?.rows.filter((r) => r.gflops !== null).sort((a, b) => b.gflops! - a.gflops!)[0];
  const wrong = result?.rows.filter((r) => r.gflops === null).length ?? 0;
  const summary = result
    ? `Best ${formatNumber(best?.gflops)} GFLOP/s (${best ? `${best.kernel} ${best.layout} ${best.size}` : '—'}) on ${measuredOn(result.adapter)}, timed by ${result.rows[0]?.timedBy ?? '—'}${wrong ? `; ${wrong} kernel runs gave a wrong result` : '; every kernel matched the CPU'}.`
    : 'Not run yet: times three GEMM kernels on this GPU, each checked against the CPU first.';
  const controls = (
    <button type="button" disabled={noGpu || busy !== null || sizes.length === 0 || layouts.length === 0}
      onClick={() => runSpeedJob({ kind: 'gemm', sizes: [...sizes].sort((a, b) => a - b), layouts: LAYOUTS.filter((l) => layouts.includes(l)) })}>
      Run GEMM lab
    </button>
  );
  return (
    <ChartRegion name="GEMM lab" summary={summary} controls={controls}>
      <fieldset className="speed-options">
        <legend className="small">Square sizes</legend>
        {SIZES.map((n) => (
          <label key={n} className="small"><input type="checkbox" checked={sizes.includes(n)} onChange={(e) => setSizes(toggle(sizes, n, e.target.checked))} /> {n}</label>
        ))}
      </fieldset>
      <fieldset className="speed-options">
        <legend className="small">Layouts</legend>
        {LAYOUTS.map((l) => (
          <label key={l} className="small"><input type="checkbox" checked={layouts.includes(l)} onChange={(e) => setLayouts(toggle(layouts, l, e.target.checked))} /> {l}</label>
        ))}
      </fieldset>
      {noGpu && <p className="muted small">The GEMM lab needs WebGPU{adapter.message ? `: ${adapter.message}` : ''}.</p>}
      {busy === 'gemm' && <p className="muted small" role="status">{progress}</p>}
      {error && <p className="error small" role="alert">{error}</p>}
      {result && (
        <>
          <div className="table-scroll"><table className="speed-table" aria-label="GEMM kernels">
            <thead><tr><th>Kernel</th><th>Layout</th><th>Size</th><th>GFLOP/s</th><th>ms</th><th>Max error vs CPU</th></tr></thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={`${r.kernel}-${r.layout}-${r.size}`} data-kernel={r.kernel} data-size={r.size}>
                  <td>{KERNEL_NAMES[r.kernel]}</td><td>{r.layout}</td><td>{r.size}</td>
                  <td className="gflops">{r.gflops === null ? 'wrong result' : formatNumber(r.gflops)}</td>
                  <td>{r.ms === null ? '—' : formatNumber(r.ms)}</td>
                  <td>{formatNumber(r.maxError)}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
          <ResponsiveContainer width="100%" height={150}>
            <LineChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid {...GRID} />
              <XAxis dataKey="size" type="number" scale="log" domain={['dataMin', 'dataMax']} ticks={data.map((d) => d.size)} {...AXIS} />
              <YAxis width={48} {...AXIS} tickFormatter={(v: number) => formatNumber(v)} />
              <Tooltip formatter={(v) => `${formatNumber(Number(v))} GFLOP/s`} labelFormatter={(l) => `${chartLayout} ${l}×${l}×${l}`} />
              <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
              {(['naive', 'tiled', 'register'] as const).map((k) => (
                <Line key={k} dataKey={k} name={`${k} GFLOP/s (${chartLayout})`} stroke={KERNEL_COLOURS[k]} isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </>
      )}
      <p className="small muted speed-explain">
        Kernels: naive (one thread per output), workgroup-tiled (shaders/gemm-tiled-lab.wgsl: 16×16 tiles in shared memory, one
        output per thread) and register-tiled vec4 (the engine's own GEMM). Matrix products are most of a network's arithmetic, so how a GEMM uses memory decides the speed. The naive kernel reads
        every operand from global memory once per output. Tiling loads a 16×16 block of each matrix into the workgroup's shared
        memory once and lets 256 threads reuse it, cutting global reads 16-fold. Register blocking gives each thread a block of
        outputs held in registers, so each value loaded is used several times without another load, and vec4 loads fetch four
        floats per instruction. GFLOP/s is 2·M·N·K over the median time of a few runs after a warm-up.
      </p>
    </ChartRegion>
  );
}
