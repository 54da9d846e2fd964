import { expect, test } from '@playwright/test';
import { openApp, SCREENSHOTS, watchErrors } from './helpers';

test('app shell names the GPU adapter and logs no errors', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page);
  await expect(page.getByLabel('GPU adapter')).toContainText(/swiftshader|google|nvidia|amd|intel|apple/i);
  await expect(page.getByRole('list', { name: 'Model' })).toBeVisible();
  for (const name of ['Dataset', 'Loss', 'Optimizer', 'Schedule', 'Backend']) {
    await expect(page.getByRole('combobox', { name, exact: true })).toBeVisible();
  }
  for (const name of ['Learning rate', 'Batch size', 'Epochs', 'Seed']) {
    await expect(page.getByRole('spinbutton', { name, exact: true })).toBeVisible();
  }
  for (const name of ['Train', 'Step', 'Reset', 'New seed', 'Copy link', 'Presets', 'Download experiment']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  for (const name of ['Loss', 'Accuracy', 'Throughput', 'Learning rate']) {
    await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: `${SCREENSHOTS}/01-start.png`, fullPage: true });
  expect(errors).toEqual([]);
});
