import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

/** The MNIST MLP preset trained for one epoch, as both attacks need it. */
async function trainedMnistMlp(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'MNIST digits, MLP');
  await setNumber(page, 'Epochs', 1);
  // The edit re-initialises the run after a short delay: wait until the page shows that run.
  await expect(page.getByText('Step 0 / 125')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 150_000 });
}

test('MNIST MLP: an attack changes a test image\'s prediction; the robustness table has one row per ε, falling', async ({ page }) => {
  test.setTimeout(480_000);
  const errors = watchErrors(page);
  await trainedMnistMlp(page);

  const example = page.getByRole('region', { name: 'Adversarial example' });
  await example.getByLabel('Epsilon').fill('0.3');
  const result = example.getByTestId('attack-result');
  let changed = false;
  for (let index = 0; index < 10 && !changed; index++) {
    await example.getByRole('spinbutton', { name: 'Test image' }).fill(String(index));
    await example.getByRole('button', { name: 'Attack', exact: true }).click();
    await expect(example.locator('.chart-summary')).toContainText(`Test image ${index} `);
    changed = (await result.getAttribute('data-clean')) !== (await result.getAttribute('data-attacked'));
  }
  expect(changed).toBe(true);
  await expect(example.locator('.chart-summary')).toContainText('the prediction changed');
  await expect(example.getByRole('img', { name: 'Perturbation, amplified' })).toBeVisible();
  await example.screenshot({ path: `${SCREENSHOTS}/adversarial-example.png` });

  const robustness = page.getByRole('region', { name: 'Robustness' });
  await robustness.getByRole('button', { name: 'Measure robustness' }).click();
  const rows = robustness.getByRole('table', { name: 'Accuracy under attack' }).locator('tbody tr');
  await expect(rows).toHaveCount(7, { timeout: 240_000 });
  const values = await rows.evaluateAll((trs) => trs.map((tr) => ({ epsilon: Number(tr.getAttribute('data-epsilon')), robust: Number(tr.getAttribute('data-robust')) })));
  expect(values.map((v) => v.epsilon)).toEqual([0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3]);
  for (let i = 1; i < values.length; i++) expect(values[i].robust).toBeLessThanOrEqual(values[i - 1].robust);
  expect(values.at(-1)!.robust).toBeLessThan(values[0].robust - 0.3);
  await robustness.screenshot({ path: `${SCREENSHOTS}/robustness.png` });
  expect(errors).toEqual([]);
});

test('MNIST MLP: the drawn digit under attack, against the model\'s own prediction', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await trainedMnistMlp(page);

  const example = page.getByRole('region', { name: 'Adversarial example' });
  const choice = example.getByRole('combobox', { name: 'Image to attack' });
  // Nothing drawn yet: the option is there but cannot be chosen, and says why.
  const drawnOption = choice.locator('option', { hasText: 'Drawn digit' });
  await expect(drawnOption).toBeDisabled();
  await expect(drawnOption).toHaveAttribute('title', /Draw a digit/);

  // Draw a "1" with the mouse (as e2e/insight.spec.ts does), the stroke twice side by side:
  // MNIST's strokes are thicker than the pad's pen.
  const pad = page.getByLabel('Drawing pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  for (const dx of [0, 0.03]) {
    const one: [number, number][] = [[0.55, 0.18], [0.5, 0.5], [0.45, 0.84]];
    await page.mouse.move(box.x + (one[0][0] + dx) * box.width, box.y + (one[0][1] + dx) * box.height);
    await page.mouse.down();
    for (const [x, y] of one.slice(1)) await page.mouse.move(box.x + (x + dx) * box.width, box.y + (y + dx) * box.height, { steps: 6 });
    await page.mouse.up();
  }
  await expect(page.getByRole('region', { name: 'Draw' }).locator('.chart-summary')).toContainText('the model says', { timeout: 30_000 });

  await expect(drawnOption).toBeEnabled();
  await choice.selectOption('drawn');
  await expect(example.getByRole('spinbutton', { name: 'Test image' })).toHaveCount(0);
  await example.getByLabel('Epsilon').fill('0.15');
  await example.getByRole('button', { name: 'Attack', exact: true }).click();
  const result = example.getByTestId('attack-result');
  await expect(result).toHaveAttribute('data-source', 'drawn');
  await expect(result.getByRole('img')).toHaveCount(3);
  await expect(example.getByRole('img', { name: 'Original drawn digit' })).toBeVisible();
  await expect(example.getByRole('img', { name: 'Perturbation, amplified' })).toBeVisible();
  await expect(example.getByRole('img', { name: 'Adversarial image' })).toBeVisible();
  // The summary names the drawn digit and the clean prediction the attack pushed away from.
  const clean = Number(await result.getAttribute('data-clean'));
  const attacked = Number(await result.getAttribute('data-attacked'));
  const summary = example.locator('.chart-summary');
  await expect(summary).toContainText(new RegExp(`^The drawn digit \\(predicted ${clean} at [\\d.]+%\\), after FGSM at ε = 0.15: ${attacked} at [\\d.]+%: the prediction ${attacked === clean ? 'held' : 'changed'}\\.$`));
  // The drawn digit's clean prediction is the pad's own (the same input, the same weights).
  const drawn = await page.evaluate(() => (window as unknown as { playgroundTest: { insight(): { drawn: { probabilities: number[] } | null } } }).playgroundTest.insight().drawn);
  const probs = drawn!.probabilities;
  expect(probs.indexOf(Math.max(...probs))).toBe(clean);
  await example.screenshot({ path: `${SCREENSHOTS}/adversarial-drawn.png` });
  expect(errors).toEqual([]);
});
