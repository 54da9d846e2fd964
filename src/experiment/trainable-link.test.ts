import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../spec';
import { decodeLink, encodeExperiment } from './codec';

// Per-layer `trainable` is optional with no default: links without it are unchanged (the
// byte-for-byte check of every preset is in features-link.test.ts), links with it keep it.

describe('share links with trainable: false', () => {
  it('carries a frozen layer through the link, and leaves the others without the field', async () => {
    const e = defaultExperiment();
    e.model.layers[0] = { ...e.model.layers[0], trainable: false };
    const decoded = await decodeLink(`#e=${await encodeExperiment(e)}`);
    expect(decoded.errors).toEqual([]);
    expect(decoded.experiment).toEqual(e);
    expect(decoded.experiment!.model.layers[0].trainable).toBe(false);
    expect(decoded.experiment!.model.layers.slice(1).every((l) => !('trainable' in l))).toBe(true);
  });

  it('refuses a trainable that is not true or false, naming the field', async () => {
    const e = defaultExperiment();
    const bad = { ...e, model: { layers: [{ ...e.model.layers[0], trainable: 'no' }, ...e.model.layers.slice(1)] } };
    const decoded = await decodeLink(`#e=${await encodeExperiment(bad as never)}`);
    expect(decoded.experiment).toBeNull();
    expect(decoded.errors[0]).toMatchObject({ path: 'model.layers[0].trainable' });
    expect(decoded.errors[0].message).toContain('true or false');
  });
});
