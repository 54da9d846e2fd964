import { LAYER_TYPES } from '../../spec';
import type { LayerSpec, LayerType } from '../../spec';
import { layerDef } from '../../nn/layers/registry';

// What the palette offers, read from the layer registry (src/nn/layers): a name for people,
// one line about the layer, and the settings a new layer starts with.

export interface PaletteEntry {
  type: LayerType;
  name: string;
  hint: string;
}

export const PALETTE: readonly PaletteEntry[] = LAYER_TYPES.map((type) => {
  const { name, hint } = layerDef(type).palette;
  return { type, name, hint };
});

export function layerName(type: LayerType): string {
  // NOTE: `?.` in case a drag or a stale store hands over something that is not a type.
  return layerDef(type)?.palette.name ?? type;
}

/** A fresh copy of the type's starting settings (the store may keep and edit it). */
export function newLayer(type: LayerType): LayerSpec {
  return structuredClone(layerDef(type).palette.defaults);
}
