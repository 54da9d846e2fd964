// The README's picture: the spiral preset, as it is, trained to the end on a desktop screen.
// Taken here so it cannot go stale: the test fails if the preset stops learning the spirals.
import { expect, test } from '@playwright/test';
import { choosePreset, openApp, runMetrics, SCREENSHOTS, watchErrors } from './helpers';

test('README screenshot: the spiral preset trained with its own settings (desktop, 1440 px)', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'Spiral');
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 240_000 });
  const accuracy = (await runMetrics(page)).evals.at(-1)!.testAccuracy!;
  expect(accuracy, 'the spiral preset learns the spirals').toBeGreaterThan(0.85);
  await expect(page.getByRole('region', { name: 'Accuracy', exact: true }).locator('.chart-summary'))
    .toContainText(`test accuracy ${(accuracy * 100).toFixed(1)}%`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${SCREENSHOTS}/readme-desktop.png` });
  expect(errors).toEqual([]);
});
