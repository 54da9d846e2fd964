// An activation as a layer of its own: { "type": "activation", "activation": "relu" }.
import { ACTIVATIONS, ACTIVATION_LABELS } from '../../spec';
import { sameShape } from './geometry';
import type { LayerDef } from './types';

export const activation: LayerDef<'activation'> = {
  type: 'activation',
  palette: { name: 'Activation', hint: 'A nonlinearity on its own', defaults: { type: 'activation', activation: 'relu' } },
  // Required here, so no "none" (the common field's unset) to choose.
  fields: [{ key: 'activation', label: 'Activation', kind: 'choice', options: ACTIVATIONS, labels: ACTIVATION_LABELS, help: 'The nonlinearity this layer applies.' }],
  infer: (input) => sameShape(input),
  build: (_layer, ctx) => ({ params: [], forward: (x) => ctx.activate(x, false) }),
  pytorch: () => ({ module: 'nn.Identity()' }),
  describe: (layer) => `activation ${layer.activation}`,
};
