import type { StateCreator } from 'zustand/vanilla';
import type { FromWorker } from '../../worker/protocol';
import type { ClassificationReport, HistogramSnapshot, LrFinderPoint, LrFinderResult } from '../../worker/insight-protocol';
import type { LayerHealth } from '../../train/types';
import type { AppState } from './index';

// What the "inside the model" views show: the latest classification results, the last
// histogram snapshots, gradient health over the run, the learning-rate finder and the
// drawing pad's probabilities. Filled from the worker's messages (applyInsight, called by
// the run slice's applyWorker); a new run or a reset clears it.

/** Histogram snapshots kept (the view shows their history as small multiples). */
export const HISTOGRAM_HISTORY = 12;
/** Gradient-health points kept per run (one per evaluation); thinned 2:1 beyond this. */
export const HEALTH_HISTORY = 2000;

export interface HealthPoint {
  step: number;
  layers: LayerHealth[];
}

export interface LrFinderState {
  status: 'idle' | 'running' | 'done' | 'error';
  points: LrFinderPoint[];
  result: LrFinderResult | null;
  message: string | null;
}

export interface CellFilter {
  trueClass: number;
  predicted: number;
}

export interface InsightSlice {
  classification: ClassificationReport | null;
  /** Oldest first, at most HISTOGRAM_HISTORY. */
  histograms: HistogramSnapshot[];
  healthHistory: HealthPoint[];
  lrFinder: LrFinderState;
  /** The predictions grid shows only this (true, predicted) pair, when set. */
  cellFilter: CellFilter | null;
  /** The drawing pad's latest probabilities, and the id of the request they answer. */
  drawn: { id: number; probabilities: number[]; classNames: string[] } | null;
  /**
   * The pixels (0..1, height x width) of what the pad holds, as last sent for a prediction;
   * null while it is blank. "Adversarial example" attacks them. Kept across runs, as the pad
   * keeps its ink.
   */
  drawnPixels: number[] | null;
  setDrawnPixels(pixels: number[]): void;
  setCellFilter(filter: CellFilter | null): void;
  startLrFinder(): void;
  clearDrawn(): void;
  applyInsight(messages: FromWorker[]): void;
}

const idleFinder: LrFinderState = { status: 'idle', points: [], result: null, message: null };

function cleared() {
  return { classification: null, histograms: [], healthHistory: [], lrFinder: idleFinder, cellFilter: null, drawn: null };
}

export const createInsightSlice: StateCreator<AppState, [], [], InsightSlice> = (set, get) => ({
  ...cleared(),
  drawnPixels: null,
  setDrawnPixels: (drawnPixels) => set({ drawnPixels }),
  setCellFilter: (cellFilter) => set({ cellFilter }),
  startLrFinder: () => set({ lrFinder: { status: 'running', points: [], result: null, message: null } }),
  clearDrawn: () => set({ drawn: null, drawnPixels: null }),
  applyInsight(messages) {
    const s = get();
    let { classification, histograms, healthHistory, lrFinder, cellFilter, drawn } = s;
    for (const m of messages) {
      switch (m.type) {
        case 'ready':
          ({ classification, histograms, healthHistory, lrFinder, cellFilter, drawn } = cleared());
          break;
        case 'state':
          // Back to the initial weights: what described the trained ones is gone (the lr finder's
          // sweep stays: it is advice about the experiment, still valid from the start).
          if (m.state === 'idle') ({ classification, histograms, healthHistory, cellFilter } = cleared());
          break;
        case 'eval':
          if (m.metrics.layers.length) {
            healthHistory = [...healthHistory, { step: m.metrics.step, layers: m.metrics.layers }];
            if (healthHistory.length > HEALTH_HISTORY) healthHistory = healthHistory.filter((_, i) => i % 2 === 0 || i === healthHistory.length - 1);
          }
          break;
        case 'classification': {
          classification = m.report;
          // A filter on a pair that no longer occurs would show an empty grid: drop it.
          if (cellFilter && !(m.report.matrix[cellFilter.trueClass]?.[cellFilter.predicted] > 0)) cellFilter = null;
          break;
        }
        case 'histograms':
          histograms = [...histograms, m.snapshot].slice(-HISTOGRAM_HISTORY);
          break;
        case 'lrFinder':
          if (m.state === 'running') lrFinder = { ...lrFinder, status: 'running', points: [...lrFinder.points, m.point] };
          else if (m.state === 'done') lrFinder = { status: 'done', points: m.result.points, result: m.result, message: null };
          else lrFinder = { ...lrFinder, status: 'error', message: m.message };
          break;
        case 'prediction':
          if (!drawn || m.id >= drawn.id) drawn = { id: m.id, probabilities: m.probabilities, classNames: m.classNames };
          break;
        default:
          break;
      }
    }
    set({ classification, histograms, healthHistory, lrFinder, cellFilter, drawn });
  },
});
