// Where the network diagram puts its nodes and edges (SVG user units; the SVG scales to
// its box). Column 0 holds the input features, then one column per dense layer.
import type { Diagram } from '../../../worker/protocol';

export const NODE = 34;
const COLUMN_GAP = 92;
const ROW_GAP = 12;
const PAD = 8;

export interface NodePlace { column: number; row: number; x: number; y: number }
export interface EdgePlace { layer: number; from: number; to: number; x1: number; y1: number; x2: number; y2: number }

export interface NetworkLayout {
  width: number;
  height: number;
  columns: NodePlace[][];
  edges: EdgePlace[];
}

export function networkLayout(inputs: number, diagram: Extract<Diagram, { drawn: true }>): NetworkLayout {
  const counts = [inputs, ...diagram.layers.map((l) => l.units)];
  const tallest = Math.max(...counts);
  const height = PAD * 2 + tallest * NODE + (tallest - 1) * ROW_GAP;
  const width = PAD * 2 + counts.length * NODE + (counts.length - 1) * COLUMN_GAP;
  const columns = counts.map((n, column) => {
    const top = (height - (n * NODE + (n - 1) * ROW_GAP)) / 2;
    return Array.from({ length: n }, (_, row) => ({ column, row, x: PAD + column * (NODE + COLUMN_GAP), y: top + row * (NODE + ROW_GAP) }));
  });
  const edges: EdgePlace[] = [];
  diagram.layers.forEach((l, layer) => {
    for (let from = 0; from < l.inputs; from++) {
      for (let to = 0; to < l.units; to++) {
        const a = columns[layer][from];
        const b = columns[layer + 1][to];
        edges.push({ layer, from, to, x1: a.x + NODE, y1: a.y + NODE / 2, x2: b.x, y2: b.y + NODE / 2 });
      }
    }
  });
  return { width, height, columns, edges };
}
