// The one real run: the spiral preset on the CPU backend through the real trainer, data
// loader and backend selection (only the output streams are captured).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeSafetensors } from '../train/safetensors';
import { runCli } from './run';

it('trains the spiral preset for one epoch on the CPU and prints JSON lines', async () => {
  const out = mkdtempSync(join(tmpdir(), 'cli-e2e-'));
  const stdout = { text: '', write(s: string) { this.text += s; } };
  const stderr = { text: '', write(s: string) { this.text += s; } };
  try {
    const code = await runCli(['spiral', '--backend', 'cpu', '--epochs', '1', '--json', '--out', out], { stdout, stderr });
    expect(code, stderr.text).toBe(0);
    const lines = stdout.text.trimEnd().split('\n').map((line) => JSON.parse(line));
    const final = lines.at(-1);
    expect(final).toMatchObject({ final: true, epochs: 1, steps: 50 });
    expect(final.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(final.testAccuracy).toBeLessThanOrEqual(1);
    for (const key of ['trainLoss', 'testLoss', 'samplesPerSec']) expect(Number.isFinite(final[key]), key).toBe(true);
    for (const line of lines.slice(0, -1)) {
      expect(line).toHaveProperty('step');
      expect(line).toHaveProperty('trainLoss');
      expect(line).not.toHaveProperty('final');
    }
    expect(lines.some((line) => line.kind === 'eval' && line.testAccuracy !== undefined)).toBe(true);
    expect(stderr.text).toMatch(/backend cpu/);

    const weights = decodeSafetensors(readFileSync(join(out, 'weights.safetensors')));
    expect(weights.tensors.reduce((sum, t) => sum + t.data.length, 0)).toBe(354);
    expect(weights.metadata).toMatchObject({ seed: '1234', dataset: 'spiral' });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
