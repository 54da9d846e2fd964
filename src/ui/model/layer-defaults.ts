import type { LayerSpec, LayerType } from '../../spec';

// What the palette offers: a name for people, one line about the layer, and the settings a
// new layer starts with (chosen to work as dropped into a typical stack).

export interface PaletteEntry {
  type: LayerType;
  name: string;
  hint: string;
}

export const PALETTE: readonly PaletteEntry[] = [
  { type: 'dense', name: 'Dense', hint: 'Fully connected units' },
  { type: 'conv2d', name: 'Conv2D', hint: '2-D convolution over images' },
  { type: 'depthwiseConv2d', name: 'Depthwise Conv2D', hint: 'One filter per channel' },
  { type: 'separableConv2d', name: 'Separable Conv2D', hint: 'Depthwise then 1x1 convolution' },
  { type: 'maxPool2d', name: 'Max Pool', hint: 'Largest value per window' },
  { type: 'avgPool2d', name: 'Average Pool', hint: 'Mean value per window' },
  { type: 'flatten', name: 'Flatten', hint: 'Images to flat vectors' },
  { type: 'reshape', name: 'Reshape', hint: 'Change the shape' },
  { type: 'dropout', name: 'Dropout', hint: 'Randomly zero inputs while training' },
  { type: 'batchNorm', name: 'Batch Norm', hint: 'Normalise over the batch' },
  { type: 'layerNorm', name: 'Layer Norm', hint: 'Normalise over features' },
  { type: 'activation', name: 'Activation', hint: 'A nonlinearity on its own' },
];

export function layerName(type: LayerType): string {
  return PALETTE.find((p) => p.type === type)?.name ?? type;
}

export function newLayer(type: LayerType): LayerSpec {
  switch (type) {
    case 'dense': return { type, units: 16, activation: 'relu' };
    case 'conv2d': return { type, filters: 8, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'relu' };
    case 'depthwiseConv2d': return { type, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, depthMultiplier: 1 };
    case 'separableConv2d': return { type, filters: 16, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'relu' };
    case 'maxPool2d':
    case 'avgPool2d': return { type, poolSize: 2, padding: 'valid' };
    case 'flatten': return { type };
    case 'reshape': return { type, shape: [28, 28, 1] };
    case 'dropout': return { type, rate: 0.2 };
    case 'batchNorm': return { type };
    case 'layerNorm': return { type };
    // NOTE: spec's LayerOf<'activation'> types `activation` as undefined (a zod typing quirk): cast.
    case 'activation': return { type, activation: 'relu' } as unknown as LayerSpec;
  }
}
