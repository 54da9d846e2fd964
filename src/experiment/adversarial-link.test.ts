// training.adversarial travels through share links and is validated field by field.
import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../spec';
import { decodeLink, experimentLink } from './codec';
import { validateExperiment } from './validate';

describe('training.adversarial', () => {
  it('round-trips through a share link', async () => {
    const e = defaultExperiment();
    e.training.adversarial = { method: 'pgd', epsilon: 0.1, steps: 7, stepSize: 0.02, fraction: 0.25 };
    const back = await decodeLink(await experimentLink('http://x/', e));
    expect(back.errors).toEqual([]);
    expect(back.experiment!.training.adversarial).toEqual(e.training.adversarial);
  });

  it('names the field that is wrong', () => {
    const e = defaultExperiment() as unknown as { training: Record<string, unknown> };
    for (const [value, path] of [
      [{ method: 'cw', epsilon: 0.1 }, 'training.adversarial.method'],
      [{ method: 'fgsm', epsilon: -1 }, 'training.adversarial.epsilon'],
      [{ method: 'pgd', epsilon: 0.1, steps: 0 }, 'training.adversarial.steps'],
      [{ method: 'fgsm', epsilon: 0.1, fraction: 2 }, 'training.adversarial.fraction'],
    ] as const) {
      e.training.adversarial = value;
      const r = validateExperiment(e);
      expect(r.experiment).toBeNull();
      expect(r.errors.map((i) => i.path)).toContain(path);
    }
  });
});
