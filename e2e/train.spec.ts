import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, expectPageShowsRun, openApp, SCREENSHOTS, watchErrors } from './helpers';

const lossSummary = (page: Page) => page.getByRole('region', { name: 'Loss', exact: true }).locator('.chart-summary');

async function readLoss(page: Page): Promise<{ step: number; loss: number; points: number }> {
  const text = (await lossSummary(page).textContent()) ?? '';
  const m = /Step (\d+): train loss ([\d.e+-]+).*; (\d+) points/.exec(text);
  if (!m) throw new Error(`No loss in "${text}"`);
  return { step: Number(m[1]), loss: Number(m[2]), points: Number(m[3]) };
}

async function setNumber(page: Page, name: string, value: number): Promise<void> {
  await page.getByRole('spinbutton', { name, exact: true }).fill(String(value));
}

test('trains the spiral preset: the loss chart gains points and the loss falls', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 8);
  await setNumber(page, 'Learning rate', 0.03);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(lossSummary(page)).toContainText('points', { timeout: 30_000 });
  const first = await readLoss(page);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 50_000 });
  const last = await readLoss(page);
  expect(last.points).toBeGreaterThan(first.points);
  expect(last.step).toBe(400);
  expect(last.loss).toBeLessThan(first.loss);
  await expect(page.getByRole('region', { name: 'Throughput', exact: true }).locator('.chart-summary')).toContainText('samples/s');
  // What the page prints is what the run computed: summaries and the gradient-health table.
  const run = await expectPageShowsRun(page);
  expect(run.final?.steps).toBe(400);
  expect(run.health.map((h) => h.layer)).toEqual(['layer 1 (dense)', 'layer 2 (dense)', 'layer 3 (dense)']);
  expect(run.evals.at(-1)!.testAccuracy).toBeGreaterThan(0.6); // two spirals: well above chance
  await page.screenshot({ path: `${SCREENSHOTS}/02-trained-spiral.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('pause and step', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 500);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(lossSummary(page)).toContainText('points', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  // A paused run continues from where it is: the button says so.
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeEnabled();
  const before = await readLoss(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(async () => (await readLoss(page)).step).toBe(before.step + 1);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(async () => (await readLoss(page)).step).toBe(before.step + 2);
  // A live learning-rate change is logged with its step in the run's events.
  await setNumber(page, 'Learning rate', 0.005);
  await expect(page.getByRole('list', { name: 'Run events' })).toContainText(`step ${before.step + 2} Learning rate set to 0.005`);
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(lossSummary(page)).toHaveText('No training yet.');
  expect(errors).toEqual([]);
});
