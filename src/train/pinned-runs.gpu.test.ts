// The pinned runs on WebGPU: bit for bit on the adapter that pinned them (SwiftShader on our
// build machines: no floating-point atomics, fixed reduction orders), and on any other
// adapter the same data, order and initial weights with losses close to the CPU's.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { adapterLabel } from '../engine/webgpu/device';
import { PIN_CASES, pinRun, type RunPin } from './pinned-runs';

const FILE = new URL('../testdata/pinned-runs.json', import.meta.url);
const pinned = JSON.parse(readFileSync(FILE, 'utf8')) as { cpu: Record<string, RunPin>; gpu: Record<string, Record<string, RunPin>> };

describe('pinned runs on WebGPU', () => {
  for (const c of PIN_CASES) {
    it(`reproduces ${c.name}`, async () => {
      const backend = await gpuBackend();
      const adapter = adapterLabel(backend.ctx.info);
      const got = await pinRun(backend, c);
      if (process.env.PIN_UPDATE) {
        (pinned.gpu[adapter] ??= {})[c.name] = got;
        writeFileSync(FILE, JSON.stringify(pinned, null, 1) + '\n');
      }
      const cpu = pinned.cpu[c.name];
      // What the device must not change at all: the data, its order, the seeded weights.
      expect({ data: got.data, order: got.order, initialWeights: got.initialWeights }).toEqual({
        data: cpu.data,
        order: cpu.order,
        initialWeights: cpu.initialWeights,
      });
      got.losses.forEach((l, i) => expect(Math.abs(l - cpu.losses[i]), `step ${i + 1}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(cpu.losses[i]))));
      const same = pinned.gpu[adapter]?.[c.name];
      if (same) expect(got).toEqual(same);
    });
  }
});
