import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../spec';
import { chooseAdversarial } from '../ui/training/adversarial-edit';
import { modelKey } from './page-checkpoints';

// The bridge keeps a run under way across an edit when the model key stays (it pauses, and
// Resume continues from the checkpoint under the new settings); otherwise it asks to start over.

describe('which edits keep the model', () => {
  it('adversarial training, like every training field, keeps it; the seed does not', () => {
    const plain = defaultExperiment();
    const hardened = { ...plain, training: chooseAdversarial(plain.training, 'pgd', 0.3) };
    expect(modelKey(hardened)).toBe(modelKey(plain));
    expect(modelKey({ ...plain, training: { ...plain.training, batchSize: 7 } })).toBe(modelKey(plain));
    expect(modelKey({ ...plain, seed: plain.seed + 1 })).not.toBe(modelKey(plain));
  });
});
