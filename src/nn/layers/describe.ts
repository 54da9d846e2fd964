// The runner's one-line summaries of layers ("conv2d 32 5x5 same, relu").
import type { LayerSpec, WindowSize } from '../../spec';

export const windowText = (w: WindowSize | undefined) => (w === undefined ? '' : typeof w === 'number' ? `${w}x${w}` : `${w[0]}x${w[1]}`);

/** The type, its settings, then the activation applied after it. */
export function describeWith(layer: LayerSpec, ...parts: (string | undefined)[]): string {
  const text = [layer.type, ...parts].filter(Boolean).join(' ');
  return layer.activation ? `${text}, ${layer.activation}` : text;
}
