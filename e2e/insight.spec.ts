import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, openApp, runMetrics, SCREENSHOTS, setNumber, watchErrors } from './helpers';

interface InsightSnapshot {
  classification: { testSize: number; testAccuracy: number; step: number; matrix: number[][] } | null;
  lrFinder: { status: string; result: { suggestedLr: number; minLr: number; maxLr: number } | null };
  drawn: { probabilities: number[] } | null;
  histogramSnapshots: number;
}

const insight = (page: Page) => page.evaluate(() => (window as unknown as { playgroundTest: { insight(): InsightSnapshot } }).playgroundTest.insight());

/** The counts of the confusion matrix table as the page shows them: rows = true classes. */
async function pageMatrix(page: Page): Promise<number[][]> {
  const table = page.getByRole('table', { name: 'Confusion matrix' });
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td[data-true] button'), (b) => Number(b.textContent))));
}

/** Trains the edited experiment (`steps` of it in all) to the end. */
async function trainToEnd(page: Page, steps: number): Promise<void> {
  // The edits re-initialise the run after a short delay: wait until the page shows that run.
  await expect(page.getByText(`Step 0 / ${steps}`)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 100_000 });
}

test('spiral: the confusion matrix adds up to the test set and its accuracy; a cell filters the predictions; the lr finder', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 3);
  await trainToEnd(page, 150);

  const run = await runMetrics(page);
  const lastEval = run.evals.at(-1)!;
  await expect.poll(async () => (await insight(page)).classification?.step).toBe(lastEval.step);
  const report = (await insight(page)).classification!;
  const matrix = await pageMatrix(page);
  const total = matrix.flat().reduce((a, c) => a + c, 0);
  const diagonal = matrix.reduce((a, row, t) => a + row[t], 0);
  expect(total).toBe(report.testSize);
  expect(diagonal / total).toBe(lastEval.testAccuracy);
  const region = page.getByRole('region', { name: 'Classification results' });
  await expect(region.locator('.chart-summary')).toContainText(`${diagonal.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} correct`);

  // Click the largest off-diagonal cell (or the first class's diagonal when nothing is confused).
  let pick = { t: 0, p: 0, count: matrix[0][0] };
  matrix.forEach((row, t) => row.forEach((count, p) => { if (t !== p && count > 0 && (pick.t === pick.p || count > pick.count)) pick = { t, p, count }; }));
  await page.locator(`table[aria-label="Confusion matrix"] td[data-true="${pick.t}"][data-predicted="${pick.p}"] button`).click();
  const items = page.getByRole('list', { name: 'Prediction examples' }).getByRole('listitem');
  await expect(items).toHaveCount(Math.min(8, pick.count));
  for (const pair of await items.evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.true, (e as HTMLElement).dataset.predicted]))) {
    expect(pair).toEqual([String(pick.t), String(pick.p)]);
  }
  await page.getByRole('region', { name: 'Predictions' }).getByRole('button', { name: 'Clear filter' }).click();
  await expect(page.getByRole('region', { name: 'Predictions' }).locator('.chart-summary')).toContainText('misclassified first');
  await region.screenshot({ path: `${SCREENSHOTS}/insight-confusion.png` });
  await page.getByRole('region', { name: 'Predictions' }).screenshot({ path: `${SCREENSHOTS}/insight-predictions-points.png` });

  // Gradient health over the run: the table lives inside the region, curves beside it.
  const health = page.getByRole('region', { name: 'Gradient health' });
  await expect(health.getByRole('table', { name: 'Gradient health' })).toBeVisible();
  await expect(health.getByRole('figure', { name: 'Gradient norm per layer' })).toBeVisible();
  await health.screenshot({ path: `${SCREENSHOTS}/insight-gradient-health.png` });

  // The learning-rate finder: a suggestion inside the swept range, applied with one click.
  await page.getByRole('button', { name: 'Find learning rate' }).click();
  await expect.poll(async () => (await insight(page)).lrFinder.status, { timeout: 60_000 }).toBe('done');
  const finder = (await insight(page)).lrFinder.result!;
  expect(finder.minLr).toBe(1e-7);
  expect(finder.maxLr).toBe(10);
  expect(finder.suggestedLr).toBeGreaterThanOrEqual(finder.minLr);
  expect(finder.suggestedLr).toBeLessThanOrEqual(finder.maxLr);
  const shown = Number(await page.getByTestId('suggested-lr').getAttribute('data-value'));
  expect(shown).toBe(finder.suggestedLr);
  await page.getByRole('button', { name: 'Apply suggested learning rate' }).click();
  await expect(page.getByRole('spinbutton', { name: 'Learning rate', exact: true })).toHaveValue(String(Number(finder.suggestedLr.toPrecision(3))));
  // The sweep put the weights back: the run's metrics did not move.
  expect((await runMetrics(page)).evals.at(-1)).toEqual(lastEval);
  await page.getByRole('region', { name: 'Learning-rate finder' }).screenshot({ path: `${SCREENSHOTS}/insight-lr-finder.png` });

  // The phone layout: nothing widens the page (the matrix scrolls inside its own box).
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  for (const name of ['Classification results', 'Predictions', 'Histograms', 'Gradient health', 'Learning-rate finder']) {
    const box = (await page.getByRole('region', { name, exact: true }).boundingBox())!;
    expect(box.x + box.width, name).toBeLessThanOrEqual(390);
  }
  await page.getByRole('region', { name: 'Classification results' }).screenshot({ path: `${SCREENSHOTS}/insight-phone-confusion.png` });
  expect(errors).toEqual([]);
});

test('MNIST: histograms count every weight, predictions show images, a drawn digit gets probabilities summing to 1', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'MNIST digits, MLP');
  await setNumber(page, 'Epochs', 1);
  await setNumber(page, 'Batch size', 256);
  await trainToEnd(page, 31);
  await expect.poll(async () => (await insight(page)).histogramSnapshots).toBeGreaterThan(0);

  // flatten -> dense 128 -> dense 10: 784·128 + 128 and 128·10 + 10 weights.
  const histograms = page.getByRole('region', { name: 'Histograms' });
  await expect(histograms.getByRole('figure', { name: 'layer 2 (dense): weights: 100480 values' })).toHaveAttribute('data-count', '100480');
  await expect(histograms.getByRole('figure', { name: 'layer 3 (dense): weights: 1290 values' })).toHaveAttribute('data-count', '1290');
  await expect(histograms.getByRole('figure', { name: /layer 1 \(flatten\): weights/ })).toHaveCount(0);
  await histograms.screenshot({ path: `${SCREENSHOTS}/insight-histograms.png` });

  const run = await runMetrics(page);
  const report = (await insight(page)).classification!;
  const matrix = await pageMatrix(page);
  expect(matrix.flat().reduce((a, c) => a + c, 0)).toBe(report.testSize);
  expect(matrix.reduce((a, row, t) => a + row[t], 0) / report.testSize).toBe(run.evals.at(-1)!.testAccuracy);
  const predictions = page.getByRole('region', { name: 'Predictions' });
  await expect(predictions.getByRole('img').first()).toBeVisible();
  await predictions.screenshot({ path: `${SCREENSHOTS}/insight-predictions-mnist.png` });

  // Draw a "1" and a "7" with the mouse.
  const pad = page.getByRole('img', { name: 'Drawing pad' }).or(page.getByLabel('Drawing pad'));
  const box = (await pad.boundingBox())!;
  const stroke = async (points: [number, number][]) => {
    await page.mouse.move(box.x + points[0][0] * box.width, box.y + points[0][1] * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 6 });
    await page.mouse.up();
  };
  await stroke([[0.3, 0.25], [0.7, 0.25], [0.45, 0.8]]);
  await expect.poll(async () => (await insight(page)).drawn?.probabilities.length).toBe(10);
  const probs = (await insight(page)).drawn!.probabilities;
  expect(probs.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 5);
  const rows = page.getByRole('table', { name: 'Class probabilities' }).locator('tbody tr');
  await expect(rows).toHaveCount(10);
  await page.getByRole('region', { name: 'Draw' }).screenshot({ path: `${SCREENSHOTS}/insight-draw.png` });
  await page.getByRole('region', { name: 'Draw' }).getByRole('button', { name: 'Clear' }).click();
  await expect(rows).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('MNIST CNN: filters and feature maps of a chosen test image, before training', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'MNIST digits, small CNN');
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });
  const histograms = page.getByRole('region', { name: 'Histograms' });
  // A CNN on SwiftShader trains slowly: look at the initial weights instead (step 0).
  await histograms.getByRole('button', { name: 'Show them now' }).click();
  // conv 5x5x1x8 + 8 biases; conv 5x5x8x16 + 16.
  await expect(histograms.getByRole('figure', { name: 'layer 1 (conv2d): weights: 208 values' })).toHaveAttribute('data-count', '208', { timeout: 90_000 });
  await expect(histograms.getByRole('figure', { name: 'layer 3 (conv2d): weights: 3216 values' })).toHaveAttribute('data-count', '3216');
  await expect(histograms.getByRole('figure', { name: /gradients/ })).toHaveCount(0); // no step taken yet
  await expect(histograms.getByLabel('layer 1 (conv2d) filters').getByRole('img')).toHaveCount(8);
  await expect(histograms.getByLabel('layer 3 (conv2d) feature maps').getByRole('img')).toHaveCount(16);
  const before = (await insight(page)).histogramSnapshots;
  await histograms.getByRole('spinbutton', { name: 'Test image' }).fill('5');
  await expect.poll(async () => (await insight(page)).histogramSnapshots, { timeout: 90_000 }).toBeGreaterThan(before);
  await expect(histograms.getByRole('img', { name: 'test image 5' })).toBeVisible();
  await histograms.locator('.conv-views').screenshot({ path: `${SCREENSHOTS}/insight-conv.png` });
  expect(errors).toEqual([]);
});
