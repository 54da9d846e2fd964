import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

async function trainToEnd(page: Page): Promise<void> {
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
}

test('compare runs: two trainings with different optimizers are kept, listed and drawn', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1100 });
  await openApp(page);
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 2);
  await setNumber(page, 'Learning rate', 0.03);
  await trainToEnd(page);
  const compare = page.getByRole('region', { name: 'Compare runs' });
  await expect(compare.getByRole('listitem')).toHaveCount(1);
  await expect(compare).toContainText('(this run)');

  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('sgd');
  await setNumber(page, 'Learning rate', 0.1);
  await trainToEnd(page);
  const rows = compare.getByRole('listitem');
  await expect(rows).toHaveCount(2);
  // Newest first; each with its label and final test metrics.
  await expect(rows.nth(0)).toContainText(/^sgd lr 0\.1 · batch 10 · seed \d+ \(this run\)step 100 · test loss [\d.]+ · accuracy [\d.]+%$/);
  await expect(rows.nth(1)).toContainText(/^adam lr 0\.03 · batch 10 · seed \d+step 100 · test loss [\d.]+ · accuracy [\d.]+%$/);
  const showAdam = compare.getByRole('checkbox', { name: /^Show adam lr 0\.03/ });
  await expect(showAdam).toBeChecked();

  // The charts draw this run (train + test) and the earlier one, named in the legend.
  const loss = page.getByRole('region', { name: 'Loss', exact: true });
  const accuracy = page.getByRole('region', { name: 'Accuracy', exact: true });
  await expect(loss.locator('.recharts-line')).toHaveCount(3);
  await expect(loss.locator('.kept-run-line')).toHaveCount(1);
  await expect(loss.locator('.recharts-legend-wrapper')).toContainText('adam lr 0.03');
  await expect(accuracy.locator('.kept-run-line')).toHaveCount(1);
  // Page coordinates from the top, so the sticky header does not cover the panel.
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = (await page.locator('.panel-run').boundingBox())!;
  await page.screenshot({ path: `${SCREENSHOTS}/07-compare-runs.png`, fullPage: true, clip: box });

  // Hide the earlier run, show it again, then clear the list.
  await showAdam.uncheck();
  await expect(loss.locator('.kept-run-line')).toHaveCount(0);
  await expect(loss.locator('.recharts-legend-wrapper')).not.toContainText('adam');
  await showAdam.check();
  await expect(loss.locator('.kept-run-line')).toHaveCount(1);
  await compare.getByRole('button', { name: 'Clear' }).click();
  await expect(compare).toHaveCount(0);
  await expect(loss.locator('.recharts-line')).toHaveCount(2);
  expect(errors).toEqual([]);
});
