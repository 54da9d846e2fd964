import { useId } from 'react';
import type { ReactNode } from 'react';

/** A chart with an accessible name and a one-line text summary of its latest values. */
export function ChartRegion({ name, summary, children, controls, className }: { name: string; summary: string; children: ReactNode; controls?: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section className={className ? `chart ${className}` : 'chart'} role="region" aria-labelledby={id}>
      <header className="chart-head">
        <h3 id={id}>{name}</h3>
        {controls}
      </header>
      <p className="chart-summary" aria-live="off">{summary}</p>
      <div className="chart-body">{children}</div>
    </section>
  );
}

/**
 * Axis style of every chart. minTickGap drops tick labels that would come closer than 16 px:
 * a phone's narrow chart shows fewer, readable ticks instead of overlapping ones.
 */
export const AXIS = { stroke: '#9aa4b1', fontSize: 11, tickLine: false, minTickGap: 16 } as const;
export const GRID = { stroke: '#eef1f5', vertical: false } as const;
export const COLOURS = { train: '#2563eb', test: '#e8590c', third: '#0f9d76', muted: '#94a3b8' } as const;
