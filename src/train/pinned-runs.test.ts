// Runs in the wild must reproduce after an upgrade: the CPU backend gives bit for bit the
// pinned data, data order, initial weights, per-step losses and final weights
// (see pinned-runs.ts; `npm run pin` re-pins after an intended change).
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { PIN_CASES, pinRun, type RunPin } from './pinned-runs';

const FILE = new URL('../testdata/pinned-runs.json', import.meta.url);
const pinned = JSON.parse(readFileSync(FILE, 'utf8')) as { cpu: Record<string, RunPin>; gpu: Record<string, Record<string, RunPin>> };

describe('pinned runs on the CPU backend', () => {
  for (const c of PIN_CASES) {
    it(`reproduces ${c.name}`, async () => {
      const got = await pinRun(createCpuBackend('f32'), c);
      if (process.env.PIN_UPDATE) {
        pinned.cpu[c.name] = got;
        writeFileSync(FILE, JSON.stringify(pinned, null, 1) + '\n');
      }
      expect(got.losses).toHaveLength(c.steps);
      expect(got.losses.every(Number.isFinite)).toBe(true);
      expect(got).toEqual(pinned.cpu[c.name]);
    });
  }
});
