// Painting a size x size grid of colours into a canvas (one pixel per cell; CSS scales it)
// and mapping a click on the plot back to the grid cell and the raw (x1, x2) it stands for.
import type { Rgb } from './colour';

export function paintGrid(canvas: HTMLCanvasElement, size: number, colourAt: (cell: number) => Rgb): void {
  if (canvas.width !== size) canvas.width = size;
  if (canvas.height !== size) canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const [r, g, b] = colourAt(i);
    image.data[4 * i] = r;
    image.data[4 * i + 1] = g;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

/** The cell under a point given as fractions (0..1) of the plot's width and height. */
export function cellAt(fx: number, fy: number, size: number): number {
  const c = Math.min(size - 1, Math.max(0, Math.floor(fx * size)));
  const r = Math.min(size - 1, Math.max(0, Math.floor(fy * size)));
  return r * size + c;
}

/** Raw coordinates of a cell's centre (row 0 at the top = largest x2), as the worker's grid. */
export function cellCentre(cell: number, size: number, extent: number): { x1: number; x2: number } {
  const r = Math.floor(cell / size);
  const c = cell % size;
  const step = (2 * extent) / size;
  return { x1: -extent + (c + 0.5) * step, x2: extent - (r + 0.5) * step };
}

/** Where a raw point lands on a plot of `pixels` width and height. */
export function toPixels(x1: number, x2: number, extent: number, pixels: number): [number, number] {
  return [((x1 + extent) / (2 * extent)) * pixels, ((extent - x2) / (2 * extent)) * pixels];
}
