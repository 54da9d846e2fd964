import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

async function trainToEnd(page: Page): Promise<void> {
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
}

test('compare runs: two trainings with different optimizers are stored, listed, tabled and drawn', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1300 });
  await openApp(page);
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 2);
  await setNumber(page, 'Learning rate', 0.03);
  await trainToEnd(page);
  const history = page.getByRole('list', { name: 'Run history' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(history).toContainText('(in the charts)');

  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('sgd');
  await setNumber(page, 'Learning rate', 0.1);
  await trainToEnd(page);
  const rows = history.getByRole('listitem');
  await expect(rows).toHaveCount(2);
  // Newest first; each with its name, final test metrics and how it ended.
  await expect(rows.nth(0)).toHaveAccessibleName('Run 2 · sgd lr 0.1 · spiral');
  await expect(rows.nth(0)).toContainText(/\(in the charts\).*spiral · [\d,]+ params · step 100 · test loss [\d.]+ · accuracy [\d.]+% · finished/);
  await expect(rows.nth(1)).toHaveAccessibleName('Run 1 · adam lr 0.03 · spiral');
  await expect(rows.nth(1)).toContainText(/step 100 · test loss [\d.]+ · accuracy [\d.]+% · finished/);
  const compareAdam = page.getByRole('checkbox', { name: 'Compare Run 1 · adam lr 0.03 · spiral' });
  await expect(compareAdam).toBeChecked();

  // The settings table names what differs (optimizer, lr) and nothing that does not (batch).
  const table = page.getByRole('table', { name: 'Compared runs' });
  const headers = await table.getByRole('columnheader').allTextContents();
  expect(headers.slice(0, 3)).toEqual(['run', 'optimizer', 'lr']);
  expect(headers).not.toContain('batch');
  await expect(table.locator('tbody tr').nth(0)).toContainText(/Run 1 · adam lr 0\.03 · spiraladam0\.03/);
  await expect(table.locator('tbody tr').nth(1)).toContainText(/Run 2 · sgd lr 0\.1 · spiralsgd0\.1/);

  // The charts draw this run (train + test) and the earlier one, named in the legend.
  const loss = page.getByRole('region', { name: 'Loss', exact: true });
  const accuracy = page.getByRole('region', { name: 'Accuracy', exact: true });
  await expect(loss.locator('.recharts-line')).toHaveCount(3);
  await expect(loss.locator('.kept-run-line')).toHaveCount(1);
  await expect(loss.locator('.recharts-legend-wrapper')).toContainText('Run 1 · adam lr 0.03 · spiral');
  await expect(accuracy.locator('.kept-run-line')).toHaveCount(1);
  // Page coordinates from the top, so the sticky header does not cover the panel.
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = (await page.locator('.panel-run').boundingBox())!;
  await page.screenshot({ path: `${SCREENSHOTS}/07-compare-runs.png`, fullPage: true, clip: box });

  // Stop comparing the earlier run, compare it again, then stop comparing both.
  await compareAdam.uncheck();
  await expect(loss.locator('.kept-run-line')).toHaveCount(0);
  await expect(loss.locator('.recharts-legend-wrapper')).not.toContainText('adam');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await compareAdam.check();
  await expect(loss.locator('.kept-run-line')).toHaveCount(1);
  await compareAdam.uncheck();
  await page.getByRole('checkbox', { name: 'Compare Run 2 · sgd lr 0.1 · spiral' }).uncheck();
  await expect(table).toHaveCount(0);
  await expect(loss.locator('.recharts-line')).toHaveCount(2);
  expect(errors).toEqual([]);
});
