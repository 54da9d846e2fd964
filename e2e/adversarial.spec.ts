import { expect, test } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

test('MNIST MLP: an attack changes a test image\'s prediction; the robustness table has one row per ε, falling', async ({ page }) => {
  test.setTimeout(480_000);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'MNIST digits, MLP');
  await setNumber(page, 'Epochs', 1);
  // The edit re-initialises the run after a short delay: wait until the page shows that run.
  await expect(page.getByText('Step 0 / 125')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 150_000 });

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
