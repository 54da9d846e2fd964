import { deflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

// The decision boundary, the network diagram and the input features, in the built app.

interface Grid { step: number; size: number; output: number[]; trainAccuracy?: number }
interface Check { step: number; trainPoints: number; boundaryAccuracy: number; evalAccuracy: number; mismatches: number }
type Hooks = { playgroundTest: { boundary(): Grid | null; boundaryCheck(): Promise<Check | null> } };

const grid = (page: Page) => page.evaluate(() => (window as unknown as Hooks).playgroundTest.boundary());
const check = (page: Page) => page.evaluate(() => (window as unknown as Hooks).playgroundTest.boundaryCheck());
const boundary = (page: Page) => page.getByRole('region', { name: 'Decision boundary', exact: true });
const network = (page: Page) => page.getByRole('region', { name: 'Network', exact: true });

function link(experiment: unknown): string {
  return `#e=${deflateRawSync(Buffer.from(JSON.stringify(experiment))).toString('base64url')}`;
}

/** A TensorFlow-Playground-sized 2-4-4-2 network on the circle. */
const circle = {
  version: 1, seed: 5,
  data: { dataset: 'circle', noise: 0.1, trainFraction: 0.5, normalize: 'standard' },
  model: { layers: [{ type: 'dense', units: 4, activation: 'tanh' }, { type: 'dense', units: 4, activation: 'tanh' }, { type: 'dense', units: 2 }] },
  loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.03 }, training: { batchSize: 10, epochs: 4 }, backend: 'webgpu',
};

test('the boundary changes with training and agrees with the model; clicking shows probabilities', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 8);
  await setNumber(page, 'Learning rate', 0.03);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  const summary = boundary(page).locator('.view-summary');
  await expect(summary).toContainText('64×64 grid at step 0', { timeout: 30_000 });
  const before = (await grid(page))!;
  expect(before.size).toBe(64);
  expect(before.output).toHaveLength(64 * 64 * 2);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(summary).toContainText('at step 400');
  const after = (await grid(page))!;
  const changed = after.output.filter((v, i) => Math.abs(v - before.output[i]) > 0.05).length;
  expect(changed, 'grid values that moved').toBeGreaterThan(after.output.length / 5);
  // At the final weights: the boundary's side of each training point is the model's eval
  // prediction, and its share correct is the eval-mode training accuracy.
  const c = (await check(page))!;
  expect(c.step).toBe(400);
  expect(c.mismatches).toBe(0);
  expect(c.boundaryAccuracy).toBe(c.evalAccuracy);
  expect(c.evalAccuracy).toBeGreaterThan(0.6);
  expect(after.trainAccuracy).toBe(c.boundaryAccuracy);
  await expect(summary).toHaveText(`Decision boundary: 64×64 grid at step 400; ${Math.round(c.evalAccuracy * 100)}% of training points on the right side.`);
  await expect(summary).toHaveAttribute('data-train-accuracy', String(c.evalAccuracy));
  // Clicking the plane shows the class probabilities there; they sum to 1.
  const plot = boundary(page).locator('.boundary-plot');
  const box = (await plot.boundingBox())!;
  await plot.click({ position: { x: box.width * 0.3, y: box.height * 0.6 } });
  const readout = (await boundary(page).getByRole('status').textContent()) ?? '';
  const m = /^At x₁ = (-?[\d.]+), x₂ = (-?[\d.]+): probabilities: negative ([\d.]+), positive ([\d.]+)\.$/.exec(readout);
  expect(m, readout).not.toBeNull();
  expect(Math.abs(Number(m![3]) + Number(m![4]) - 1)).toBeLessThanOrEqual(0.0015);
  expect(Number(m![1])).toBeLessThan(0); // left of centre
  expect(Number(m![2])).toBeLessThan(0); // below centre
  await boundary(page).getByRole('checkbox', { name: 'Show test data' }).check();
  await boundary(page).screenshot({ path: `${SCREENSHOTS}/boundary-spiral.png` });
  // The preset's 16-unit layers are too wide for the diagram, and the region says so.
  await expect(network(page)).toContainText('layer 1 (dense) has 16 neurons');
  expect(errors).toEqual([]);
});

test('the network diagram of a 2-4-4-2 model; a feature toggle changes the input and training still works', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, `/?testHooks${link(circle)}`);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  const edges = network(page).locator('[data-edge]');
  await expect(edges).toHaveCount(2 * 4 + 4 * 4 + 4 * 2);
  await expect(network(page).locator('.view-summary')).toContainText('32 weights drawn as edges at step 0');
  await expect(network(page).locator('[data-node]')).toHaveCount(2 + 4 + 4 + 2);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });
  const steps = await page.evaluate(() => (window as unknown as { playgroundTest: { run(): { final: { steps: number } | null } } }).playgroundTest.run().final!.steps);
  await expect(network(page).locator('.view-summary')).toContainText(`at step ${steps}`);
  // An edge's value is in its label (and title) and is reachable by keyboard focus.
  const edge = edges.first();
  await edge.focus();
  await expect(edge).toBeFocused();
  await expect(edge).toHaveAttribute('aria-label', /^Weight from input x₁ to neuron 1 of layer 1: -?\d/);
  // A node shows its output in the big plot, and there is a way back.
  await network(page).getByRole('button', { name: /^Neuron 2 of layer 1/ }).click();
  await expect(boundary(page)).toContainText('Showing Neuron 2 of layer 1 (Dense 4, tanh)');
  await network(page).screenshot({ path: `${SCREENSHOTS}/network-circle.png` });
  await boundary(page).getByRole('button', { name: 'Show model output' }).click();
  await expect(boundary(page)).not.toContainText('Showing Neuron');
  const c = (await check(page))!;
  expect(c.mismatches).toBe(0);
  expect(c.boundaryAccuracy).toBe(c.evalAccuracy);

  // x₁² as a third input: the model panel's input shape follows, and the run trains on it.
  const inputShape = page.locator('.stack-input');
  await expect(inputShape).toHaveText('Input [2]');
  await page.getByRole('checkbox', { name: 'x₁²', exact: true }).check();
  await expect(inputShape).toHaveText('Input [3]');
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(edges).toHaveCount(3 * 4 + 4 * 4 + 4 * 2);
  await expect(network(page).locator('[data-node]')).toHaveCount(3 + 4 + 4 + 2);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(boundary(page).locator('.view-summary')).toContainText(`at step ${steps}`);
  const withFeature = (await check(page))!;
  expect(withFeature.mismatches).toBe(0);
  expect(withFeature.boundaryAccuracy).toBe(withFeature.evalAccuracy);
  expect(withFeature.evalAccuracy).toBeGreaterThan(0.8);
  expect(page.url()).toContain('#e=');
  expect(errors).toEqual([]);
});

test('phone width: the views scale down without horizontal overflow', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page, `/${link(circle)}`);
  await expect(network(page).locator('[data-edge]')).toHaveCount(32, { timeout: 30_000 });
  await expect(boundary(page).locator('.view-summary')).toContainText('at step 0');
  for (const region of [boundary(page), network(page)]) {
    await region.scrollIntoViewIfNeeded();
    const box = (await region.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const overflow = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await boundary(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/boundary-phone.png` });
  expect(errors).toEqual([]);
});

test('spiral: attack arrows from the test points, recomputed as training moves the weights, counting flips', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 8);
  await setNumber(page, 'Learning rate', 0.03);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(boundary(page).locator('.view-summary')).toContainText('64×64 grid at step 0', { timeout: 30_000 });

  await boundary(page).getByRole('checkbox', { name: 'Show attack arrows' }).check();
  const svg = boundary(page).locator('svg.boundary-arrows');
  await expect(svg).toHaveAttribute('data-step', '0');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 90_000 });
  // The last set is at the final weights (the worker refreshes them at most once a second).
  await expect(svg).toHaveAttribute('data-step', '400', { timeout: 10_000 });

  const summary = boundary(page).locator('.boundary-arrows-summary');
  await expect(summary).toContainText(/^FGSM at ε = 0\.3 moves/);
  const text = (await summary.textContent()) ?? '';
  const m = /^FGSM at ε = 0\.3 moves (?:the first )?(\d+)(?: of \d+)? test points; (\d+) change(?:s its| their) predicted class\./.exec(text);
  expect(m, text).not.toBeNull();
  const [points, flipped] = [Number(m![1]), Number(m![2])];
  expect(points).toBeGreaterThan(0);
  expect(points).toBeLessThanOrEqual(300);
  expect(flipped).toBeLessThanOrEqual(points);
  const arrows = svg.locator('[data-arrow]');
  await expect(arrows).toHaveCount(points);
  await expect(svg).toHaveAttribute('data-arrows', String(points));
  await expect(svg.locator('[data-arrow][data-flipped="true"]')).toHaveCount(flipped);
  await expect(summary).toHaveAttribute('data-flipped', String(flipped));

  // The plane is drawn raw and this preset does not normalise: FGSM moves each coordinate by
  // exactly ε, which is ε·640/(2·extent) of the SVG's 640 units (or 0 where the gradient is 0).
  const label = (await boundary(page).locator('canvas.boundary-grid').getAttribute('aria-label')) ?? '';
  const extent = Number(/over x1 from -[\d.]+ to ([\d.]+)/.exec(label)![1]);
  const unit = (0.3 * 640) / (2 * extent);
  const moves = await svg.locator('[data-arrow] line').evaluateAll((lines) => lines.map((l) => [
    Number(l.getAttribute('x2')) - Number(l.getAttribute('x1')), Number(l.getAttribute('y2')) - Number(l.getAttribute('y1'))]));
  for (const [dx, dy] of moves) for (const d of [dx, dy]) expect(Math.min(Math.abs(Math.abs(d) - unit), Math.abs(d))).toBeLessThan(0.01);
  expect(moves.filter(([dx, dy]) => dx !== 0 && dy !== 0).length).toBeGreaterThan(points / 2);

  // A new ε: new arrows under it.
  await boundary(page).getByLabel('Epsilon').fill('0.5');
  await expect(summary).toContainText(/^FGSM at ε = 0\.5 moves/, { timeout: 10_000 });
  await expect(arrows).toHaveCount(points);
  await boundary(page).getByLabel('Epsilon').fill('0.3');
  await expect(summary).toContainText(/^FGSM at ε = 0\.3 moves/, { timeout: 10_000 });
  // From the top: scrolled down to the slider, the sticky header would cover the plot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await boundary(page).screenshot({ path: `${SCREENSHOTS}/boundary-arrows.png` });
  // Off: no arrows.
  await boundary(page).getByRole('checkbox', { name: 'Show attack arrows' }).uncheck();
  await expect(svg).toHaveCount(0);
  expect(errors).toEqual([]);
});
