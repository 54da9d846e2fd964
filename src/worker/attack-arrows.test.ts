// The decision boundary's attack arrows on the CPU backend: their ends are the FGSM
// definition x + ε·sign(∇ₓ loss) in normalised units, mapped back to the raw plane; the
// classes are the model's; at most ARROW_POINTS; the driver paces itself like the probe.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { noGrad } from '../engine/tape';
import { tidy } from '../engine/tensor';
import { loadDataset, memoryIo } from '../data';
import { forward } from '../nn/model';
import { adversarialExamples } from '../train/adversarial';
import { modelInputGradient } from '../train/input-gradient';
import { predictedClasses } from '../train/insight';
import { Trainer } from '../train/trainer';
import { featuresOf } from '../spec';
import { ArrowDriver, ARROW_INTERVAL_MS, ARROW_POINTS, arrowsUnavailable, attackArrows, type ArrowsMessage } from './attack-arrows';
import { probeExperiment } from './probe-test-helpers';

async function arrowRun(samples = 800, edit?: Parameters<typeof probeExperiment>[0]) {
  const backend = createCpuBackend('f32');
  const experiment = probeExperiment((e) => { e.training.epochs = 3; edit?.(e); });
  const split = await loadDataset(experiment.data, experiment.seed, memoryIo({}), { syntheticSamples: samples });
  const trainer = await Trainer.create(experiment, { backend, split, onEvent: () => {} });
  await trainer.run();
  return { backend, experiment, split, trainer };
}

describe('attack arrows', () => {
  it('FGSM ends are x + ε·sign(∇) of the first test points, back in raw units with the split\'s statistics', async () => {
    const { backend: b, split, trainer } = await arrowRun();
    expect(split.test.n).toBeGreaterThan(ARROW_POINTS);
    expect(split.stats.divisor.some((d) => Math.abs(d - 1) > 0.1)).toBe(true); // the conversion matters
    const t = trainer.attackTarget();
    const epsilon = 0.25;
    const a = await attackArrows(b, t, split, { method: 'fgsm', epsilon }, trainer.stepsDone);
    const n = ARROW_POINTS;
    expect(a.clean).toHaveLength(n);
    expect(a.testSize).toBe(split.test.n);
    expect(Array.from(a.from)).toEqual(Array.from(split.points!.test.subarray(0, 2 * n)));

    // The definition, from the input gradient of the same batch (the mean's 1/n keeps the sign).
    const x = b.upload(split.test.x.subarray(0, 2 * n), [n, 2]);
    const y = b.upload(split.test.y.subarray(0, n), [n], 'u32');
    const g = tidy(() => b.readSync(modelInputGradient(t.model, t.weights, x, y, t.loss).grad));
    const xs = split.test.x;
    const { offset, divisor } = split.stats;
    let moved = 0;
    for (let i = 0; i < 2 * n; i++) {
      const f = i % 2;
      const expected = (xs[i] + epsilon * Math.sign(g[i])) * divisor[f] + offset[f];
      expect(a.to[i]).toBeCloseTo(expected, 4);
      // Each end moved by ε in normalised units: ε·divisor on its raw axis.
      if (g[i] !== 0) { expect(Math.abs(a.to[i] - a.from[i])).toBeCloseTo(epsilon * divisor[f], 4); moved++; }
    }
    expect(moved).toBeGreaterThan(n);
    // And exactly what adversarial.ts makes of the batch, mapped back.
    const adv = b.readSync(adversarialExamples(t, x, y, { method: 'fgsm', epsilon }));
    for (let i = 0; i < 2 * n; i++) expect(a.to[i]).toBe(Math.fround(adv[i] * divisor[i % 2] + offset[i % 2]));
    // The classes are the model's own on the clean and the attacked points.
    const classesOf = (v: ArrayLike<number>) => {
      const input = b.upload(v, [n, 2]);
      const out = b.readSync(tidy(() => noGrad(() => forward(t.model, input, t.weights.params, t.weights.state, { training: false, seed: t.loss.seed, stream: 0 }))));
      return predictedClasses({ values: Float32Array.from(out), width: 2 });
    };
    expect(Array.from(a.clean)).toEqual(Array.from(classesOf(split.test.x.subarray(0, 2 * n))));
    expect(Array.from(a.attacked)).toEqual(Array.from(classesOf(adv)));
    expect(a.attacked.some((c, i) => c !== a.clean[i])).toBe(true);
    trainer.dispose();
  });

  it('PGD stays in the ε-ball around each point; fewer test points than ARROW_POINTS all get one', async () => {
    const { backend: b, split, trainer } = await arrowRun(300);
    const a = await attackArrows(b, trainer.attackTarget(), split, { method: 'pgd', epsilon: 0.3, steps: 5 }, 7);
    expect(a.step).toBe(7);
    expect(a.clean).toHaveLength(split.test.n);
    for (let i = 0; i < a.to.length; i++) expect(Math.abs(a.to[i] - a.from[i])).toBeLessThanOrEqual(0.3 * split.stats.divisor[i % 2] + 1e-4);
    trainer.dispose();
  });

  it('says why a run can have none: regression, extra features', async () => {
    const plain = await arrowRun(100);
    expect(arrowsUnavailable(plain.split, featuresOf(plain.experiment.data))).toBeNull();
    const squared = await arrowRun(100, (e) => { e.data.features = ['x1', 'x2', 'x1Squared']; });
    expect(arrowsUnavailable(squared.split, featuresOf(squared.experiment.data))).toMatch(/x₁ and x₂ alone/);
    expect(arrowsUnavailable({ ...plain.split, test: { ...plain.split.test, task: 'regression' } }, ['x1', 'x2'])).toMatch(/classification/);
    plain.trainer.dispose();
    squared.trainer.dispose();
  });

  it('the driver sends arrows at once, then at most one set a second, the last at the last weights', async () => {
    const { backend, split, trainer } = await arrowRun(200, (e) => { e.training.epochs = 20; });
    const posts: { at: number; m: ArrowsMessage }[] = [];
    let wake: (() => void) | null = null;
    const driver = new ArrowDriver(backend, trainer, split, null, () => true, (m) => { posts.push({ at: performance.now(), m }); wake?.(); });
    const next = () => new Promise<void>((resolve) => { wake = resolve; });
    await trainer.reset();
    const first = next();
    const asked = performance.now();
    driver.set({ method: 'fgsm', epsilon: 0.2 });
    await first;
    expect(posts[0].m.arrows!.step).toBe(0);
    // Steps land quickly: each asks for arrows; within the second none come.
    const second = next();
    for (let i = 0; i < 5; i++) { await trainer.step(); driver.request(); }
    expect(posts).toHaveLength(1);
    await second;
    expect(posts).toHaveLength(2);
    // The second set started a second after the first (which started when asked).
    expect(posts[1].at - asked).toBeGreaterThanOrEqual(ARROW_INTERVAL_MS - 5);
    expect(posts[1].m.arrows!.step).toBe(5);
    // Off: nothing more, whatever the weights do.
    driver.set(null);
    await trainer.step();
    driver.refresh();
    await new Promise((r) => setTimeout(r, ARROW_INTERVAL_MS + 200));
    expect(posts).toHaveLength(2);
    await driver.dispose();
    trainer.dispose();
  });
});
