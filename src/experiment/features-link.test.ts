import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../spec';
import { decodeLink, encodeExperiment } from './codec';
import { presets } from './presets';
import before from './links-before-features.json';

// `data.features` is optional and has no default, so experiments without it encode to the
// same bytes as before the field existed. links-before-features.json holds the payloads that
// the code on main made before the field was added (default experiment and every preset).

describe('share links with data.features', () => {
  it('the default experiment and every preset encode byte for byte as before the field', async () => {
    const links = before as Record<string, string>;
    expect(await encodeExperiment(defaultExperiment())).toBe(links.default);
    // Presets added after the field (mnist-mlp-adversarial) have no payload from before it;
    // every preset that had one must still be there and encode the same.
    const pinned = presets.filter((p) => p.name in links);
    for (const p of pinned) expect(await encodeExperiment(p.experiment), p.name).toBe(links[p.name]);
    expect(Object.keys(links)).toHaveLength(pinned.length + 1);
    expect(presets.filter((p) => !(p.name in links)).map((p) => p.name)).toEqual(['mnist-mlp-adversarial']);
    expect(JSON.stringify(defaultExperiment())).not.toContain('features');
  });

  it('a link with features carries them and decodes to the same list', async () => {
    const e = defaultExperiment();
    e.data.features = ['x1', 'x2', 'x1TimesX2', 'sinX1'];
    const decoded = await decodeLink(`#e=${await encodeExperiment(e)}`);
    expect(decoded.errors).toEqual([]);
    expect(decoded.experiment!.data.features).toEqual(['x1', 'x2', 'x1TimesX2', 'sinX1']);
    expect(decoded.experiment).toEqual(e);
  });

  it('a link with an unknown feature opens with a readable error naming the field', async () => {
    const e = { ...defaultExperiment(), data: { ...defaultExperiment().data, features: ['x1', 'cosX1'] } };
    const decoded = await decodeLink(`#e=${await encodeExperiment(e as never)}`);
    expect(decoded.experiment).toBeNull();
    expect(decoded.errors[0].path).toBe('data.features[1]');
    expect(decoded.errors[0].message).toContain('x1Squared');
  });
});
