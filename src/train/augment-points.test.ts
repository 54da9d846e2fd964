// Image augmentation does nothing to 2-D points (or table rows): the page hides its fields
// there and clears them on leaving images (issue 19). That is only safe if a link that carries
// them (the default's has `shift: 2`) trains bit for bit as one without them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { PIN_CASES, pinRun, type RunPin } from './pinned-runs';

const pinned = JSON.parse(readFileSync(new URL('../testdata/pinned-runs.json', import.meta.url), 'utf8')) as { cpu: Record<string, RunPin> };

describe('augmentation settings on 2-D points', () => {
  it('leave the pinned spiral run bit for bit unchanged', async () => {
    const spiral = PIN_CASES.find((c) => c.name.startsWith('spiral'))!;
    const withAugment = { ...spiral, experiment: { ...spiral.experiment, data: { ...spiral.experiment.data, augment: { shift: 2, flip: true, noise: 0.3 } } } };
    expect(await pinRun(createCpuBackend('f32'), withAugment)).toEqual(pinned.cpu[spiral.name]);
  });
});
