// Weight initializers, all drawn from the seeded generator so the same experiment gives
// the same initial weights everywhere. Defaults follow PyTorch's layers: weights and
// biases U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (kaiming_uniform with a = sqrt(5)).
import type { Rng } from '../engine/random';
import type { Initializer } from '../spec';

export interface Fans {
  fanIn: number;
  fanOut: number;
}

export function initValues(init: Initializer | 'torchDefault', n: number, fans: Fans, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  const { fanIn, fanOut } = fans;
  const uniform = (bound: number) => {
    for (let i = 0; i < n; i++) out[i] = rng.range(-bound, bound);
  };
  const normal = (std: number) => {
    for (let i = 0; i < n; i++) out[i] = rng.normal() * std;
  };
  switch (init) {
    case 'torchDefault':
      uniform(1 / Math.sqrt(fanIn));
      break;
    case 'heUniform':
      uniform(Math.sqrt(6 / fanIn));
      break;
    case 'heNormal':
      normal(Math.sqrt(2 / fanIn));
      break;
    case 'glorotUniform':
      uniform(Math.sqrt(6 / (fanIn + fanOut)));
      break;
    case 'glorotNormal':
      normal(Math.sqrt(2 / (fanIn + fanOut)));
      break;
    case 'lecunUniform':
      uniform(Math.sqrt(3 / fanIn));
      break;
    case 'lecunNormal':
      normal(Math.sqrt(1 / fanIn));
      break;
    case 'zeros':
      break;
  }
  return out;
}
